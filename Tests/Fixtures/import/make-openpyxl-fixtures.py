#!/usr/bin/env python3
"""Makes the openpyxl workbooks of Tests/Fixtures/import/ (run once; the .xlsx files are committed).

    pip install openpyxl && python3 Tests/Fixtures/import/make-openpyxl-fixtures.py

openpyxl computes no formulas and stores no cached values, so for the formula workbook this
script writes only the formulas, to a folder given with --formula-source, and LibreOffice opens
that file, computes them and saves them with their values (README.md):

    python3 Tests/Fixtures/import/make-openpyxl-fixtures.py --formula-source /tmp/formula
    libreoffice --headless --convert-to xlsx --outdir Tests/Fixtures/import /tmp/formula/regulations-formula.xlsx

The rows restate provisions of regulations-utf8.csv.
"""
import datetime
import pathlib
import sys

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = pathlib.Path(__file__).resolve().parent
HEADER = ["ID", "件名", "法令名", "条項", "所管府省庁", "類型", "見直し状況", "見直し前", "見直し後", "技術", "日付", "出典URL"]
AGENT = ["real-estate-dedicated-agent", "宅地建物取引士の専任（常勤）の解釈の見直し", "宅地建物取引業法", "31条の3第1項", "国土交通省",
         "常駐・専任", "改正済み", "事務所ごとに置く専任の宅地建物取引士は、その事務所に常勤する必要があるとされていました。",
         "ITで業務が適正に行える環境があれば、テレワークも「常勤」に含まれると解釈が改められました。", "テレワーク・ICTによる遠隔管理",
         datetime.date(2021, 7, 1), "https://fk-online.jp/archives/5035 https://ekisin.jp/blog/371"]
OSH = [None, None, "労働安全衛生法", "59条3項（特別教育）", "厚生労働省", "対面講習", "改正済み",
       "特別教育をはじめとする法定の安全衛生教育は、\n対面で実施するものでした。",
       "条件を満たせば、eラーニングで実施できることが通達で示されました。", "オンライン講習・eラーニング", "令和3年1月25日",
       "https://www.mhlw.go.jp/web/t_doc?dataId=00tc5617&dataType=1&pageNo=1"]


def features():
    """Two sheets: a note first, the list second (named with a space, so --sheet is needed);
    a two-row header whose 見直し is merged over 前 and 後 and whose other cells are merged down;
    a rich-text cell; a number in 条項; a date cell; a boolean and an error in an extra column;
    a cell starting with '=' written as text; an empty styled row and column after the data."""
    book = Workbook()
    note = book.active
    note.title = "説明"
    note["A1"] = "このブックの2枚目のシートが一覧です。"
    sheet = book.create_sheet("令和3年度 一覧")
    header = [h for h in HEADER if h not in ("見直し前", "見直し後")]
    columns = header[:7] + ["見直し", "見直し"] + header[7:]
    for column, text in enumerate(columns, start=1):
        if column == 9:
            continue
        sheet.cell(row=1, column=column, value=text)
        if column != 8:
            sheet.merge_cells(start_row=1, start_column=column, end_row=2, end_column=column)
    sheet.merge_cells(start_row=1, start_column=8, end_row=1, end_column=9)
    sheet.cell(row=2, column=8, value="前")
    sheet.cell(row=2, column=9, value="後")
    sheet.cell(row=1, column=13, value="確認済み")
    sheet.cell(row=1, column=14, value="メモ")

    agent = list(AGENT)
    agent[1] = CellRichText([TextBlock(InlineFont(b=True), "宅地建物取引士の専任（常勤）"), "の解釈の見直し"])
    for column, value in enumerate(agent, start=1):
        sheet.cell(row=3, column=column, value=value)
    sheet.cell(row=3, column=13, value=True)
    sheet.cell(row=3, column=14, value="=この行は式ではなく文字です").data_type = "s"

    osh = list(OSH)
    osh[3] = 59
    for column, value in enumerate(osh, start=1):
        if value is not None:
            sheet.cell(row=4, column=column, value=value)
    sheet.cell(row=4, column=13, value=False)

    bad = list(OSH)
    bad[0] = "osh-bad"
    for column, value in enumerate(bad, start=1):
        if value is not None:
            sheet.cell(row=5, column=column, value=value)
    sheet.cell(row=5, column=14, value="#N/A")

    sheet.cell(row=9, column=20).number_format = "0.00"  # an empty styled cell: trailing rows and columns
    book.save(HERE / "regulations-features.xlsx")


def dates_1904():
    """The agent row in a workbook with the 1904 date system (old Excel for Mac)."""
    book = Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.title = "一覧"
    sheet.append(HEADER)
    sheet.append(AGENT)
    book.save(HERE / "regulations-1904.xlsx")


def formula_source(folder):
    """The agent row with formulas: 件名 joins 法令名 and 条項, 日付 is =DATE(2021,7,1) shown as a
    date, and 見直し状況 looks its value up in a second sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "一覧"
    sheet.append(HEADER)
    row = list(AGENT)
    row[1] = '=C2&D2&"の見直し"'
    row[6] = "=状況!A1"
    row[10] = "=DATE(2021,7,1)"
    sheet.append(row)
    sheet["K2"].number_format = "yyyy/m/d"
    book.create_sheet("状況")["A1"] = "改正済み"
    folder.mkdir(parents=True, exist_ok=True)
    book.save(folder / "regulations-formula.xlsx")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--formula-source"]:
        formula_source(pathlib.Path(sys.argv[2]))
    else:
        features()
        dates_1904()
