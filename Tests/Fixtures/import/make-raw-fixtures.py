#!/usr/bin/env python3
"""Writes the workbooks of Tests/Fixtures/import/ whose XML is written by hand: what spreadsheet
programs write but openpyxl does not (shared strings with rich-text runs and furigana, prefixed
element names, early serial dates), and the hostile ones. Run once; the .xlsx files are committed.

    python3 Tests/Fixtures/import/make-raw-fixtures.py

Only Python's standard library is used. Each workbook is the smallest set of parts the reader
needs: [Content_Types].xml, xl/workbook.xml, its relationships, one worksheet, and optionally
shared strings and styles.
"""
import pathlib
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
HEADER = ["ID", "法令名", "所管府省庁", "類型", "見直し状況", "見直し前", "見直し後", "日付"]


def parts(sheet_data, shared=None, styles=None, workbook_pr="", extra_sheet_xml=""):
    """The parts of a one-sheet workbook named 一覧 whose sheetData is `sheet_data`."""
    rels = '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS}>{workbook_pr}<sheets><sheet name="一覧" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{sheet_data}</sheetData>{extra_sheet_xml}</worksheet>',
    }
    if shared is not None:
        rels += '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        files["xl/sharedStrings.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>{shared}</sst>'
    if styles is not None:
        rels += '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        files["xl/styles.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}>{styles}</styleSheet>'
    files["xl/_rels/workbook.xml.rels"] = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
    return files


def write(name, files):
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files.items():
            info = zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode() if isinstance(text, str) else text)


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row():
    return '<row r="1">' + "".join(inline(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER)) + "</row>"


def shared_strings():
    """Shared strings as Excel writes Japanese text: 法令名 in two rich-text runs with its
    furigana (<rPh>, not part of the value), a line break stored as _x000D_ plus LF, and
    every element with an x: prefix, as some generators write them."""
    shared = (
        '<x:si><x:r><x:rPr><x:b/></x:rPr><x:t>建築</x:t></x:r><x:r><x:t>基準法</x:t></x:r>'
        '<x:rPh sb="0" eb="2"><x:t>ケンチク</x:t></x:rPh><x:phoneticPr fontId="1"/></x:si>'
        '<x:si><x:t xml:space="preserve">外壁の全面打診が_x000D_\n求められていました。</x:t></x:si>'
    ).replace("<x:", "<").replace("</x:", "</")
    styles = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'
    row = (f'<row r="2"><c r="A2" t="inlineStr"><is><t>wall</t></is></c><c r="B2" t="s"><v>0</v></c>{inline("C2", "国土交通省")}'
           f'{inline("D2", "定期検査・点検")}{inline("E2", "改正済み")}<c r="F2" t="s"><v>1</v></c>'
           f'{inline("G2", "ドローンによる赤外線調査も認められました。")}<c r="H2" s="1"><v>44579</v></c></row>')
    sheet = f'<x:worksheet {NS.replace("xmlns=", "xmlns:x=")}><x:sheetData>{(header_row() + row).replace("<", "<x:").replace("<x:/", "</x:")}</x:sheetData></x:worksheet>'
    files = parts("", shared=shared, styles=styles)
    files["xl/worksheets/sheet1.xml"] = '<?xml version="1.0" encoding="UTF-8"?>' + sheet
    write("raw-shared-strings.xlsx", files)


def serial_dates():
    """Dates as serial numbers in the 1900 system around its invented 1900-02-29 (59, 60, 61),
    a date format of the workbook's own (numFmtId 164, 令和 era with [$-ja-JP-x-gannen]), a number
    in a General cell, and an error value."""
    styles = ('<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-ja-JP-x-gannen]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
              '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>')
    rows = header_row()
    values = [("2", 59, 1), ("3", 60, 1), ("4", 61, 1), ("5", 44579, 2)]
    for row, serial, style in values:
        rows += (f'<row r="{row}">{inline("A" + row, "d" + row)}{inline("B" + row, "建築基準法")}{inline("C" + row, "国土交通省")}'
                 f'{inline("D" + row, "定期検査・点検")}{inline("E" + row, "改正済み")}{inline("F" + row, "前")}{inline("G" + row, "後")}'
                 f'<c r="H{row}" s="{style}"><v>{serial}</v></c></row>')
    rows += (f'<row r="6">{inline("A6", "d6")}<c r="B6"><v>12.5</v></c>{inline("C6", "国土交通省")}{inline("D6", "定期検査・点検")}'
             f'{inline("E6", "改正済み")}<c r="F6" t="e"><f>VLOOKUP(1,Z1:Z2,2,FALSE)</f><v>#N/A</v></c>{inline("G6", "後")}'
             f'<c r="H6" s="1"><f>TODAY()</f></c></row>')
    write("raw-serial-dates.xlsx", parts(rows, styles=styles))


def implied_positions():
    """Rows and cells without their `r` attribute, which follow the row or cell before them, and
    a first row holding only spaces, which is blank: the header is row 2."""
    cells = lambda values: "".join(f'<c t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>' if v else "<c/>" for v in values)
    rows = (f'<row r="1">{inline("C1", "   ")}</row>'
            f'<row>{cells(HEADER)}</row>'
            f'<row>{cells(["implied", "建築基準法", "国土交通省", "定期検査・点検", "改正済み", "前", "後", "2022-01-18"])}</row>'
            f'<row r="5"><c r="B5" t="inlineStr"><is><t>道路法</t></is></c>{cells(["国土交通省"])}</row>')
    write("raw-implied-positions.xlsx", parts(rows))


def hostile():
    """Workbooks no spreadsheet program writes, each for one refusal of the reader."""
    good = parts(header_row(), shared="<si><t>x</t></si>")

    # A ZIP bomb: a worksheet of 80 MiB of spaces, about 80 KB packed, over the 64 MiB limit of a part.
    bomb = dict(good)
    bomb["xl/worksheets/sheet1.xml"] = f'<worksheet {NS}><sheetData>' + " " * (80 << 20) + "</sheetData></worksheet>"
    write("hostile-zip-bomb.xlsx", bomb)

    # The same bomb declaring that its worksheet unpacks to 1,000 bytes, in the local header and
    # in the central directory: only the bytes counted while inflating tell the truth.
    lying = bytearray((HERE / "hostile-zip-bomb.xlsx").read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := lying.find(signature, start)) != -1:
            name_offset = start + (30 if signature == b"PK\x03\x04" else 46)
            if lying[name_offset:name_offset + len(name)] == name:
                lying[start + size_offset:start + size_offset + 4] = (1000).to_bytes(4, "little")
            start += 4
    (HERE / "hostile-zip-bomb-lying.xlsx").write_bytes(bytes(lying))

    # An entry whose name climbs out of the folder it would be unpacked into.
    climbing = dict(good)
    climbing["../../../tmp/minaoshi-evil.xml"] = "<x/>"
    write("hostile-path.xlsx", climbing)

    # An external entity that would read a local file into a shared string.
    files = parts(header_row(), shared="<si><t>&xxe;</t></si>")
    files["xl/sharedStrings.xml"] = ('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                                     f'<sst {NS}><si><t>&xxe;</t></si></sst>')
    write("hostile-xxe.xlsx", files)

    # The billion laughs: ten levels of ten references, 10^9 copies of "lol" once expanded.
    levels = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    laughs = dict(good)
    laughs["xl/worksheets/sheet1.xml"] = (f'<?xml version="1.0"?><!DOCTYPE worksheet [{levels}]>'
                                          f'<worksheet {NS}><sheetData><row r="1">{inline("A1", "&lol9;")}</row></sheetData></worksheet>')
    write("hostile-billion-laughs.xlsx", laughs)

    # Cells pointing at shared strings in a workbook that has none.
    write("hostile-no-shared-strings.xlsx", parts('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'))

    # Cell references beyond the last column (XFD) and the last row (1048576).
    write("hostile-cell-out-of-range.xlsx", parts(header_row() + f'<row r="2">{inline("XFE2", "x")}</row>'
                                                  + f'<row r="1048577">{inline("A1048577", "x")}</row>'))

    # A workbook cut short, and one whose packed worksheet bytes are damaged.
    whole = (HERE / "regulations-utf8.xlsx").read_bytes()
    (HERE / "hostile-truncated.xlsx").write_bytes(whole[: len(whole) // 2])
    write("hostile-damaged.xlsx", good)
    damaged = bytearray((HERE / "hostile-damaged.xlsx").read_bytes())
    start = damaged.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
    for offset in range(start + 4, start + 24):
        damaged[offset] ^= 0xFF
    (HERE / "hostile-damaged.xlsx").write_bytes(bytes(damaged))


if __name__ == "__main__":
    shared_strings()
    serial_dates()
    implied_positions()
    hostile()
