#!/usr/bin/env bash
# Makes templates/assets/card.png, the 1200 × 630 picture that OpenGraph and Twitter cards show
# for every page (the site serves it itself: no third-party host). Drawn by headless chromium from
# the HTML below, with the Noto Sans CJK font (Debian's fonts-noto-cjk). Run it again when the
# site's name changes, and commit the picture.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/card.html" <<'HTML'
<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><style>
  html, body { margin: 0; width: 1200px; height: 630px; }
  body { box-sizing: border-box; padding: 80px 96px; background: #00118f; color: #ffffff;
         font-family: "Noto Sans CJK JP", sans-serif; display: flex; flex-direction: column; justify-content: center; }
  p { margin: 0; }
  .name { font-size: 112px; font-weight: 700; line-height: 1.2; }
  .what { font-size: 52px; line-height: 1.4; margin-top: 24px; }
  .rule { width: 160px; height: 12px; background: #ffd43d; margin-bottom: 48px; }
</style></head><body>
<div class="rule"></div>
<p class="name">見直し</p>
<p class="what">アナログ規制の見直し事例集</p>
</body></html>
HTML
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,630 \
  --screenshot="$work/card.png" "file://$work/card.html" >/dev/null 2>&1
cp "$work/card.png" templates/assets/card.png
echo "wrote templates/assets/card.png"
