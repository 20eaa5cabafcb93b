// The widget's only stylesheet, adopted by its closed shadow root.
//
// `:host` declarations are !important on purpose: for important rules the
// shadow tree's own context wins over the page's (CSS Cascade 4, "Context"),
// so no page rule, inline style or attribute selector can make the host
// transparent, clipped, filtered, zoomed or hidden while its chat is shown.
// `all: initial` also stops every inherited property at the host; only the
// documented --mignuti-* custom properties come through, and the AI notice
// uses none of them (fixed colours and font).
export const CSS = `
:host{all:initial!important;display:block!important;position:static!important;visibility:visible!important;opacity:1!important;filter:none!important;transform:none!important;clip-path:none!important;mask:none!important;zoom:1!important;contain:none!important;content-visibility:visible!important}
.r{--a:var(--mignuti-accent,#0b57d0);--on:var(--mignuti-on-accent,#fff);--rad:var(--mignuti-radius,14px);--bg:#fff;--fg:#1b1b1f;--mu:#55555f;--bd:#c9c9d2;--bot:#f1f1f4;--lnk:#0b4fbf;--err:#a4000f;--ai:#fff1c2;--aifg:#2b2200;font:15px/1.45 var(--mignuti-font,system-ui,sans-serif);color:var(--fg)}
@media (prefers-color-scheme:dark){.r{--bg:#1e1f24;--fg:#ececf1;--mu:#b9b9c4;--bd:#4a4b55;--bot:#2b2c33;--lnk:#a8c7ff;--err:#ffb4ab;--ai:#3d3300;--aifg:#fff3c4}}
button,textarea,input{font:inherit;color:inherit}
button{cursor:pointer}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher,.panel{position:fixed;z-index:2147483600;right:var(--mignuti-offset,20px)}
.left .launcher,.left .panel{left:var(--mignuti-offset,20px);right:auto}
.launcher{bottom:var(--mignuti-bottom,20px);width:56px;height:56px;border:0;border-radius:50%;background:var(--a);color:var(--on);box-shadow:0 4px 14px #0004}
.launcher svg{width:28px;height:28px;fill:currentColor}
.panel{bottom:calc(var(--mignuti-bottom,20px) + 68px);width:min(380px,calc(100vw - 32px));height:min(620px,calc(100vh - 108px));display:flex;flex-direction:column;background:var(--bg);border:1px solid var(--bd);border-radius:var(--rad);box-shadow:0 8px 30px #0005;overflow:hidden}
[hidden]{display:none!important}
header{display:flex;align-items:center;justify-content:space-between;padding:8px 8px 8px 16px;background:var(--a);color:var(--on)}
h2{font-size:16px;margin:0}
header button{background:none;border:0;width:40px;height:40px;border-radius:8px;font-size:24px;line-height:1}
header :focus-visible{outline-color:var(--on);outline-offset:-4px}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px}
.msg{max-width:85%;padding:8px 12px;border-radius:12px;overflow-wrap:anywhere;background:var(--bot);align-self:flex-start}
.me{align-self:flex-end;background:var(--a);color:var(--on);white-space:pre-wrap}
.msg p,.msg ul,.msg ol{margin:0 0 .5em}.msg>:last-child{margin-bottom:0}.msg ul,.msg ol{padding-left:1.3em}
.msg a,footer a,.link{color:var(--lnk)}
.wait::after{content:"…"}
.cites,.meta{font-size:13px;margin-top:6px}.cites ul{margin:2px 0 0;padding-left:1.2em}
.meta{color:var(--mu)}
.alert{margin:0 12px 6px;color:var(--err);font-size:14px}.alert:empty{display:none}
form{display:flex;gap:8px;padding:8px 12px;border-top:1px solid var(--bd)}
textarea{flex:1;resize:none;min-height:42px;max-height:120px;padding:8px 10px;border:1px solid var(--bd);border-radius:10px;background:var(--bg)}
.send,.act button:not(.link){border:0;border-radius:10px;padding:0 14px;background:var(--a);color:var(--on);font-weight:600}
footer{padding:8px 12px 10px;border-top:1px solid var(--bd);font-size:13px}
.ai{margin:0 0 6px;padding:6px 8px;border-radius:8px;background:var(--ai);color:var(--aifg);font:13px/1.4 system-ui,sans-serif}
.ai a{color:inherit}
.row{display:flex;flex-wrap:wrap;gap:4px 14px}
.link{background:none;border:0;padding:2px 0;text-decoration:underline}
.act{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-top:6px}.act button:not(.link){padding:6px 12px}
.box{margin-top:6px}
.box input{margin-top:4px;width:100%;box-sizing:border-box;font:11px ui-monospace,monospace;padding:4px;border:1px solid var(--bd);border-radius:6px;background:var(--bg)}
pre{margin:4px 0 0;max-height:110px;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere;font:11px/1.35 ui-monospace,monospace;background:var(--bot);padding:6px;border-radius:6px}
summary{cursor:pointer;color:var(--lnk)}
@media (max-width:480px),(max-height:520px){.panel{inset:0;width:auto;height:auto;border-radius:0;border:0}.panel:not([hidden])+.launcher{display:none}}
`;
