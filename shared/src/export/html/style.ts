/**
 * The stylesheet of the HTML export: a long-form reading page on screen and a
 * clean A4 document in print (chapters on new pages, link addresses printed,
 * no backgrounds). Inline, since the page's CSP allows no external resources.
 */
const SANS = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif';
const SERIF = 'Charter,"Bitstream Charter","Sitka Text",Cambria,"Iowan Old Style","Palatino Linotype",Georgia,serif';

export const HTML_STYLE = `
:root{--ink:#1f2328;--muted:#5c6370;--rule:#d8dbe0;--paper:#fffdf8;--accent:#1f4e79;--quote:#f5f2ea}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--paper);color:var(--ink);font:1.0625rem/1.65 ${SERIF};font-kerning:normal;font-variant-numeric:oldstyle-nums proportional-nums;text-rendering:optimizeLegibility;overflow-wrap:break-word}
.page{max-width:41rem;margin:0 auto;padding:4.5rem 1.5rem 6rem}
.cover{border-bottom:2px solid var(--ink);padding-bottom:1.5rem;margin-bottom:2.5rem}
.kicker{font:600 .75rem/1.2 ${SANS};letter-spacing:.14em;text-transform:uppercase;color:var(--accent);margin:0 0 .75rem}
.title{font:700 2.4rem/1.12 ${SANS};letter-spacing:-.015em;margin:0 0 1rem;text-wrap:balance}
.meta{color:var(--muted);margin:0;font-size:.95rem}
h1,h2,h3,h4,h5,h6{font-family:${SANS};line-height:1.25;color:#111;text-wrap:balance;break-after:avoid;page-break-after:avoid}
main h1,.record h1{font-size:1.7rem;margin:3.5rem 0 1rem;padding-top:1.25rem;border-top:1px solid var(--rule)}
main h2{font-size:1.32rem;margin:2.5rem 0 .75rem}
main h3{font-size:1.1rem;margin:2rem 0 .5rem}
main h4,main h5,main h6{font-size:1rem;margin:1.5rem 0 .5rem}
main h5,main h6{color:var(--muted)}
p{margin:0 0 1rem;hyphens:auto;text-wrap:pretty;orphans:3;widows:3}
ul,ol{margin:0 0 1rem;padding-left:1.6rem}
li{margin:.3rem 0;padding-left:.2rem}
li>p{margin:0 0 .4rem}
li::marker{color:var(--muted);font-variant-numeric:lining-nums tabular-nums}
blockquote{margin:1.5rem 0;padding:.9rem 1.25rem;border-left:3px solid var(--accent);background:var(--quote);color:#30343a}
blockquote>:last-child{margin-bottom:0}
a{color:var(--accent);text-decoration-thickness:.06em;text-underline-offset:.16em}
strong{font-weight:650}
.toc{margin:0 0 3rem;padding:1.25rem 1.5rem;border:1px solid var(--rule);border-radius:6px;background:#fff;font:.95rem/1.5 ${SANS}}
.toc-title{font-size:.75rem;letter-spacing:.14em;text-transform:uppercase;color:var(--muted);margin:0 0 .75rem}
.toc ol{list-style:none;margin:0;padding:0}
.toc ol ol{padding-left:1.25rem;font-size:.95em}
.toc li{margin:.2rem 0;padding:0}
.toc a{color:inherit;text-decoration:none}
.toc a:hover,.toc a:focus{color:var(--accent);text-decoration:underline}
.badge{display:inline-block;margin-left:.5em;padding:.05em .55em;border-radius:999px;font:600 .66rem/1.55 ${SANS};letter-spacing:.05em;text-transform:uppercase;vertical-align:.15em;white-space:nowrap}
.badge-agreed{background:#e2f1e6;color:#1c6831}
.badge-in_review{background:#fff2d1;color:#7d5200}
.badge-disputed{background:#fde3df;color:#9f1f17}
.badge-unreviewed{background:#eceef1;color:#474f5c}
.badge-stale{background:#ece5f6;color:#58298d}
.scope-draft .block{border-left:3px solid transparent;padding-left:.7rem;margin-left:calc(-.7rem - 3px)}
.scope-draft .status-agreed{border-left-color:#8cc79c}
.scope-draft .status-in_review{border-left-color:#f0c14b}
.scope-draft .status-disputed{border-left-color:#e0685f}
.scope-draft .status-unreviewed{border-left-color:#c4c9d1}
.record-rule{font-size:.95rem}
.record-table{width:100%;border-collapse:collapse;margin-top:1.5rem;font:.85rem/1.45 ${SANS}}
.record-table th,.record-table td{text-align:left;vertical-align:top;padding:.5rem .5rem;border-bottom:1px solid var(--rule)}
.record-table thead th{border-bottom:2px solid var(--ink);font-size:.7rem;letter-spacing:.1em;text-transform:uppercase;color:var(--muted)}
.record-table .num{width:3rem;color:var(--muted);font-variant-numeric:tabular-nums}
.record-table a{color:inherit}
.voters{list-style:none;margin:0;padding:0}
.voters li{margin:0 0 .15rem;padding:0}
.when{color:var(--muted);white-space:nowrap}
.dispute{color:#9f1f17}
.fnref{font-size:.7em;line-height:0;vertical-align:super}
.fnref a{text-decoration:none}
.fnref-broken{color:#9f1f17}
.footnotes{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--rule);font-size:.9rem}
.footnotes h2{font-size:1rem}
.backref{text-decoration:none}
.recommendation-label{font-family:${SANS}}
.recommendation-list{margin:1rem 0;padding:.5rem 1rem;border-left:3px solid var(--rule)}
.report-table{border-collapse:collapse;width:100%;margin:1.25rem 0;font-size:.95rem}
.report-table th,.report-table td{border:1px solid var(--rule);padding:.35rem .5rem;text-align:left;vertical-align:top}
.report-table thead th{background:rgba(0,0,0,.04)}
figure{margin:1.5rem 0}
figure img{max-width:100%;height:auto;display:block}
figcaption{font-size:.9rem;color:var(--muted);margin-top:.4rem}
.image-missing{border:1px dashed var(--rule);padding:1rem;color:var(--muted)}
.colophon{margin-top:4rem;padding-top:1rem;border-top:1px solid var(--rule);color:var(--muted);font:.8rem/1.5 ${SANS}}
@media (max-width:36rem){body{font-size:1rem}.page{padding:2.5rem 1.1rem 4rem}.title{font-size:1.9rem}}
@media print{
@page{size:A4;margin:20mm 18mm 22mm}
body{background:#fff;color:#000;font-size:10.5pt;line-height:1.5}
.page{max-width:none;margin:0;padding:0}
.cover{break-after:avoid}
.toc{border:0;border-radius:0;padding:0;background:none;break-after:page}
main h1,.record h1{break-before:page;border-top:0;margin-top:0;padding-top:0}
h2,h3,h4{break-inside:avoid}
a{color:inherit;text-decoration:none}
main a[href^="http"]::after,main a[href^="mailto:"]::after{content:" (" attr(href) ")";font-size:.85em;color:#444;overflow-wrap:anywhere}
blockquote{background:none;break-inside:avoid}
.badge{border:1px solid currentColor;background:none}
.record-table tr{break-inside:avoid}
.report-table tr,figure{break-inside:avoid}
thead{display:table-header-group}
}
`.trim();
