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

          function showErrors(fields) {
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
            showErrors(answer.fields);
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
          for (const filter of document.querySelectorAll("input.filter")) {
            filter.addEventListener("input", () => {
              const words = filter.value.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean);
              for (const item of document.getElementById(filter.dataset.filter).children) {
                const text = item.textContent.normalize("NFKC").toLowerCase();
                const checked = item.querySelector("input").checked;
                item.hidden = !checked && !words.every((word) => text.includes(word));
              }
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
                showErrors(answer.fields);
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
        .error:empty, .form-errors:empty { display: none; }
        .note { margin: 0 0 0.25rem; color: #333; font-size: 0.9rem; }
        .reading { margin-left: 0.75rem; }
        .date-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem; }
        .choice-list { list-style: none; margin: 0.25rem 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0.1rem 1rem; }
        .choice-list.long { max-height: 18rem; overflow-y: auto; }
        .choice-list li { display: flex; align-items: flex-start; gap: 0.4rem; }
        .choice-list label { font-weight: normal; display: inline; }
        .choice-list input { margin-top: 0.45rem; }
        .filter-label { font-weight: normal; }
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
