/** The report's stylesheet (inline, so one HTML file is the whole report). */
export const REPORT_CSS = `
:root { --ok: #1a7f37; --fail: #cf222e; --err: #9a6700; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1f2328; background: #fff; }
header { padding: 24px 32px; border-bottom: 1px solid var(--line); background: var(--bg); }
header h1 { margin: 0 0 4px; font-size: 22px; }
main { padding: 8px 32px 40px; max-width: 1400px; }
h2 { font-size: 16px; margin: 28px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; color: #fff; font-weight: 600; font-size: 12px; letter-spacing: .04em; vertical-align: middle; }
.PASSED { background: var(--ok); } .FAILED { background: var(--fail); } .ERROR { background: var(--err); }
.reason { font-size: 15px; margin: 8px 0 0; }
.meta { color: var(--muted); display: flex; gap: 24px; flex-wrap: wrap; margin-top: 6px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { height: 8px; background: #8c959f; border-radius: 4px; min-width: 2px; }
.bar.PASSED { background: var(--ok); } .bar.FAILED { background: var(--fail); } .bar.ERROR { background: var(--err); }
.err { color: var(--fail); white-space: pre-wrap; }
.shots { display: flex; gap: 16px; flex-wrap: wrap; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; background: var(--bg); max-width: 100%; }
figure img { display: block; max-width: 440px; max-height: 340px; object-fit: contain; object-position: top; background: #fff; }
.visual figure img { max-width: 420px; }
figcaption { padding: 4px 8px; font-size: 12px; color: var(--muted); }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 10px; overflow: auto; font-size: 12px; max-height: 360px; }
details { margin: 6px 0; } summary { cursor: pointer; color: var(--muted); }
a { color: #0969da; }
.step { margin: 18px 0; }
.step h3 { font-size: 14px; margin: 0 0 6px; }
`;
