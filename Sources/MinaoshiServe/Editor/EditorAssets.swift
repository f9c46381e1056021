/// The editor's script and style sheet, and the script that puts an edit link on a document's
/// page: files served by `serve` (never inline, so that a `default-src 'self'` policy allows them).
///
/// The script checks and previews on the server as the official types, a moment after the last
/// keystroke, and never while an input method is composing (between `compositionstart` and
/// `compositionend`, or while `event.isComposing`): a check mid-composition would show errors
/// for text not yet entered. It counts its requests in `data-checks` and `data-previews` on the
/// form, which the browser test reads.
enum EditorAssets {
    static let script = #"""
        // minaoshi serve: the editor's form. Added only by `minaoshi serve`, never part of a built site.
        (() => {
          "use strict";
          const form = document.getElementById("editor");
          if (!form) return;
          const token = form.dataset.token;
          const status = document.getElementById("form-status");
          const preview = document.getElementById("preview");
          const body = form.elements.namedItem("body");
          let composing = false;
          let timer = null;
          let sequence = 0;
          form.dataset.checks = "0";
          form.dataset.previews = "0";

          function post(path, data) {
            return fetch(path, {
              method: "POST", body: data, credentials: "same-origin",
              headers: { "X-Minaoshi-Token": token, "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" },
            });
          }

          function formData() { return new URLSearchParams(new FormData(form)); }

          function showProblems(fields, warnings) {
            for (const slot of document.querySelectorAll("[data-warning-for]")) {
              slot.textContent = (warnings[slot.dataset.warningFor] || []).join(" ");
            }
            for (const slot of document.querySelectorAll("[data-error-for]")) {
              const messages = fields[slot.dataset.errorFor] || [];
              slot.textContent = messages.join(" ");
              const field = slot.dataset.errorFor ? document.getElementById("field-" + slot.dataset.errorFor) : null;
              if (!field) continue;
              for (const input of field.querySelectorAll("input, select, textarea")) {
                if (input.type === "search") continue;
                if (messages.length > 0) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
              }
            }
          }

          async function check() {
            const mine = ++sequence;
            form.dataset.checks = String(Number(form.dataset.checks) + 1);
            const response = await post("/_minaoshi/check", formData());
            if (mine !== sequence) return;
            const answer = await response.json();
            if (!response.ok) { status.textContent = answer.message || "確認できませんでした。"; return; }
            showProblems(answer.fields, answer.warnings || {});
            for (const output of document.querySelectorAll("[data-reading-for]")) {
              output.textContent = answer.readings[output.dataset.readingFor] || "";
            }
            const id = document.getElementById("new-id");
            if (id) id.textContent = answer.id;
          }

          async function renderPreview() {
            form.dataset.previews = String(Number(form.dataset.previews) + 1);
            const data = new URLSearchParams();
            data.set("body", body.value);
            const response = await post("/_minaoshi/preview", data);
            if (!response.ok) return;
            // The build's own renderer made this HTML (raw HTML in Markdown is filtered there), and
            // it is parsed as an inert document: no script in it can run.
            const parsed = new DOMParser().parseFromString(await response.text(), "text/html");
            preview.replaceChildren(...parsed.body.childNodes);
          }

          function schedule(withPreview) {
            clearTimeout(timer);
            timer = setTimeout(() => {
              check();
              if (withPreview) renderPreview();
            }, 300);
          }

          form.addEventListener("compositionstart", () => { composing = true; clearTimeout(timer); });
          form.addEventListener("compositionend", (event) => { composing = false; schedule(event.target === body); });
          form.addEventListener("input", (event) => {
            if (event.isComposing || composing) return;
            if (event.target.classList.contains("filter")) return;
            schedule(event.target === body);
          });
          form.addEventListener("change", (event) => {
            if (composing || event.target.classList.contains("filter")) return;
            schedule(false);
          });

          // Searchable lists: hide the choices that do not contain the words typed.
          for (const filter of document.querySelectorAll("input.filter[data-filter]")) {
            filter.addEventListener("input", () => {
              const words = filter.value.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean);
              for (const item of document.getElementById(filter.dataset.filter).children) {
                const text = item.textContent.normalize("NFKC").toLowerCase();
                const checked = item.querySelector("input").checked;
                item.hidden = !checked && !words.every((word) => text.includes(word));
              }
            });
          }

          // Pickers of documents: the ids field is what is posted; the list of chosen ones (with a
          // button each that takes it out) and the search that adds one are kept in step with it.
          for (const picker of document.querySelectorAll("[data-picker]")) {
            const key = picker.dataset.picker;
            const ids = document.getElementById("in-" + key);
            const chosen = document.getElementById("chosen-" + key);
            const note = document.getElementById("chosen-note-" + key);
            const find = document.getElementById("find-" + key);
            const found = document.getElementById("found-" + key);
            const said = document.getElementById("found-status-" + key);
            const titles = new Map([...chosen.children].map((item) => [item.dataset.id, item.querySelector("span").textContent]));
            let searching = 0;
            let searchTimer = null;
            picker.hidden = false;
            for (const button of chosen.querySelectorAll(".remove-choice")) button.hidden = false;

            const current = () => ids.value.split(/[\s,、，]+/).filter(Boolean);
            function item(id) {
              const li = document.createElement("li");
              li.dataset.id = id;
              const span = document.createElement("span");
              span.textContent = titles.get(id) || id;
              const button = document.createElement("button");
              button.type = "button";
              button.className = "remove-choice";
              button.dataset.remove = id;
              button.textContent = "外す";
              button.setAttribute("aria-label", "外す：" + span.textContent);
              li.append(span, " ", button);
              return li;
            }
            function redraw() {
              const list = current();
              chosen.replaceChildren(...list.map(item));
              note.textContent = `選んだもの（${list.length}件）`;
            }
            ids.addEventListener("input", redraw);
            chosen.addEventListener("click", (event) => {
              const button = event.target.closest(".remove-choice");
              if (!button) return;
              const id = button.dataset.remove;
              ids.value = current().filter((other) => other !== id).join("\n");
              redraw();
              said.textContent = `「${titles.get(id) || id}」を外しました。`;
              find.focus();
              schedule(false);
            });
            found.addEventListener("click", (event) => {
              const button = event.target.closest("[data-choose]");
              if (!button) return;
              const id = button.dataset.choose;
              if (!current().includes(id)) ids.value = [...current(), id].join("\n");
              redraw();
              button.disabled = true;
              said.textContent = `「${titles.get(id)}」を加えました。`;
              find.focus();
              schedule(false);
            });
            async function search() {
              const mine = ++searching;
              const query = new URLSearchParams({ section: picker.dataset.section, q: find.value });
              const response = await fetch("/_minaoshi/documents?" + query, { credentials: "same-origin" });
              if (mine !== searching || !response.ok) return;
              const answer = await response.json();
              const have = new Set(current());
              found.replaceChildren(...answer.items.map((document_) => {
                const text = `${document_.title}（${document_.id}）`;
                titles.set(document_.id, text);
                const li = document.createElement("li");
                const button = document.createElement("button");
                button.type = "button";
                button.id = `choose-${key}-${document_.id}`;
                button.dataset.choose = document_.id;
                button.textContent = text;
                button.disabled = have.has(document_.id);
                li.append(button);
                return li;
              }));
              said.textContent = find.value.trim() === "" ? ""
                : answer.total === 0 ? "見つかりませんでした。"
                : answer.total > answer.items.length ? `${answer.total}件見つかりました。最初の${answer.items.length}件を示します。言葉を足して絞り込めます。`
                : `${answer.total}件見つかりました。`;
            }
            function later() { clearTimeout(searchTimer); searchTimer = setTimeout(search, 150); }
            find.addEventListener("input", (event) => { if (!event.isComposing && !composing) later(); });
            find.addEventListener("compositionend", later);
            // Enter in the box searches at once, and never submits the form.
            find.addEventListener("keydown", (event) => {
              if (event.key === "Enter" && !event.isComposing) { event.preventDefault(); clearTimeout(searchTimer); search(); }
            });
          }

          // Repeatable rows: add a row (a copy of the last, emptied and renumbered) or remove one.
          function renumber(list) {
            [...list.querySelectorAll(".row")].forEach((row, index) => {
              for (const input of row.querySelectorAll("input")) {
                const label = row.querySelector(`label[for="${input.id}"]`);
                input.id = input.id.replace(/-\d+$/, "-" + index);
                if (label) {
                  label.htmlFor = input.id;
                  label.textContent = label.textContent.replace(/（\d+）$/, `（${index + 1}）`);
                }
              }
              const remove = row.querySelector(".remove-row");
              remove.textContent = remove.textContent.replace(/（\d+）$/, `（${index + 1}）`);
            });
          }
          form.addEventListener("click", (event) => {
            const add = event.target.closest(".add-row");
            if (add) {
              const list = document.getElementById("rows-" + add.dataset.addRow);
              const rows = list.querySelectorAll(".row");
              const copy = rows[rows.length - 1].cloneNode(true);
              for (const input of copy.querySelectorAll("input")) { input.value = ""; input.removeAttribute("aria-invalid"); }
              list.append(copy);
              renumber(list);
              copy.querySelector("input").focus();
              return;
            }
            const remove = event.target.closest(".remove-row");
            if (remove) {
              const row = remove.closest(".row");
              const list = row.parentElement;
              if (list.querySelectorAll(".row").length === 1) {
                for (const input of row.querySelectorAll("input")) input.value = "";
              } else {
                row.remove();
              }
              renumber(list);
              list.querySelector("input").focus();
              schedule(false);
            }
          });

          form.addEventListener("submit", async (event) => {
            event.preventDefault();
            clearTimeout(timer);
            sequence++;
            const button = document.getElementById("save");
            button.disabled = true;
            status.textContent = "保存しています…";
            try {
              const response = await post("/_minaoshi/save", formData());
              const answer = await response.json();
              if (response.ok) {
                status.textContent = answer.message;
                location.assign(answer.location);
                return;
              }
              if (answer.fields) {
                showProblems(answer.fields, answer.warnings || {});
                status.textContent = "保存できませんでした。赤い字の項目を直してください。";
                const first = document.querySelector("[aria-invalid=true]");
                if (first) first.focus();
              } else {
                status.textContent = answer.message || "保存できませんでした。";
              }
            } catch (error) {
              status.textContent = "サーバーにつながりません。minaoshi serve が動いているか確かめてください。";
            } finally {
              button.disabled = false;
            }
          });

          if (body.value.trim() !== "") renderPreview();
        })();
        """#

    /// Puts a link to the editor at the top of a document's page; its address is the script tag's `data-edit`.
    static let editLinkScript = #"""
        // minaoshi serve: the link to this page's editor. Added only by `minaoshi serve`.
        (() => {
          "use strict";
          const script = document.currentScript;
          const target = script ? script.dataset.edit : "";
          if (!target) return;
          function add() {
            const link = document.createElement("a");
            link.href = target;
            link.id = "minaoshi-edit-link";
            link.textContent = "このページを編集";
            link.lang = "ja";
            Object.assign(link.style, {
              display: "inline-block", margin: "0.5rem", padding: "0.5rem 1rem", background: "#0017c1", color: "#fff",
              font: "16px/1.5 sans-serif", borderRadius: "4px",
            });
            const main = document.querySelector("main") || document.body;
            main.prepend(link);
          }
          if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", add); else add();
        })();
        """#

    static let style = """
        /* minaoshi serve: the editor's form. Colours from the Digital Agency design system (as the site's). */
        :root { color-scheme: light; }
        body { margin: 0; font: 16px/1.7 "Noto Sans JP", sans-serif; color: #1a1a1a; background: #fff; }
        main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.6rem; line-height: 1.4; }
        .field { margin: 0 0 1.25rem; padding: 0; border: 0; min-width: 0; }
        fieldset.field { border: 1px solid #949494; border-radius: 4px; padding: 0.5rem 0.75rem; }
        label, legend { display: block; font-weight: bold; }
        input[type=text], input[type=url], input[type=date], input[type=search], select, textarea {
          box-sizing: border-box; width: 100%; max-width: 100%; font: inherit; padding: 0.4rem 0.5rem;
          border: 1px solid #666; border-radius: 4px; background: #fff; color: #1a1a1a;
        }
        input[type=date] { width: auto; }
        textarea { resize: vertical; }
        input:focus, select:focus, textarea:focus, button:focus, a:focus { outline: 3px solid #0017c1; outline-offset: 2px; }
        [aria-invalid=true] { border-color: #c00; border-width: 2px; }
        .error, .form-errors { color: #c00; margin: 0.25rem 0 0; font-weight: bold; }
        .warning { color: #6b4a00; margin: 0.25rem 0 0; padding-left: 0.5rem; border-left: 4px solid #b78700; }
        .warning::before { content: "注意："; font-weight: bold; }
        .error:empty, .form-errors:empty, .warning:empty { display: none; }
        .note { margin: 0 0 0.25rem; color: #333; font-size: 0.9rem; }
        .reading { margin-left: 0.75rem; }
        .date-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem; }
        .choice-list { list-style: none; margin: 0.25rem 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0.1rem 1rem; }
        .choice-list.long { max-height: 18rem; overflow-y: auto; }
        .choice-list li { display: flex; align-items: flex-start; gap: 0.4rem; }
        .choice-list label { font-weight: normal; display: inline; }
        .choice-list input { margin-top: 0.45rem; }
        .filter-label { font-weight: normal; }
        .flag label { display: inline; margin-left: 0.4rem; }
        .chosen-list, .found-list { list-style: none; margin: 0.25rem 0; padding: 0; }
        .chosen-list li, .found-list li { margin: 0 0 0.25rem; overflow-wrap: anywhere; }
        .chosen-list:empty { display: none; }
        .found-list button { text-align: left; width: 100%; }
        .remove-choice { font-size: 0.9rem; padding: 0.1rem 0.6rem; }
        .row { display: grid; grid-template-columns: 1fr; gap: 0.1rem; margin: 0 0 0.75rem; padding: 0 0 0.5rem; border-bottom: 1px dashed #949494; }
        .row label { font-weight: normal; }
        button { font: inherit; padding: 0.4rem 1rem; border-radius: 4px; border: 1px solid #0017c1; background: #fff; color: #0017c1; cursor: pointer; }
        .actions button { background: #0017c1; color: #fff; font-weight: bold; padding: 0.6rem 2rem; }
        button:disabled { opacity: 0.6; }
        .remove-row { justify-self: start; font-size: 0.9rem; }
        .preview { border: 1px solid #949494; border-radius: 4px; padding: 0 1rem; min-height: 3rem; overflow-wrap: anywhere; }
        .preview table { border-collapse: collapse; }
        .preview th, .preview td { border: 1px solid #949494; padding: 0.25rem 0.5rem; }
        code { overflow-wrap: anywhere; }
        #form-status:empty { display: none; }
        #form-status { padding: 0.5rem; border-left: 4px solid #0017c1; background: #e8f1fe; }
        """
}
