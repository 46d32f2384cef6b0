/** Widget CSS, scoped by the shadow root; `:host { all: initial }` shields it from the site's CSS. */
export const CSS = `
:host{all:initial}
.lq{--c:#4f46e5;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;position:fixed;bottom:16px;right:16px;z-index:2147483000}
.lq[data-position=bottom-left]{right:auto;left:16px}
.lq.inline{position:static;height:100%}
.lq *{box-sizing:border-box}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
button{font:inherit;cursor:pointer}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.bubble{width:60px;height:60px;border-radius:50%;border:0;background:var(--c);color:#fff;box-shadow:0 4px 16px #0004;display:grid;place-items:center;position:relative}
.bubble svg{width:28px;height:28px;fill:currentColor}
.badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;border-radius:11px;background:#dc2626;color:#fff;font-size:12px;display:grid;place-items:center;padding:0 5px}
.badge[hidden]{display:none}
.panel{position:absolute;bottom:76px;right:0;width:370px;height:560px;max-height:calc(100vh - 100px);background:#fff;border-radius:14px;box-shadow:0 10px 40px #0005;display:flex;flex-direction:column;overflow:hidden}
.lq[data-position=bottom-left] .panel{right:auto;left:0}
.inline .panel{position:static;width:100%;height:100%;max-height:none;box-shadow:none;border:1px solid #e5e7eb}
.panel[hidden]{display:none}
header{display:flex;align-items:center;gap:10px;padding:12px 14px;background:var(--c);color:#fff}
header img{width:36px;height:36px;border-radius:50%;object-fit:cover;background:#fff3}
header h2{font-size:16px;margin:0;flex:1}
.close{border:0;background:transparent;color:#fff;font-size:26px;line-height:1;width:40px;height:40px;border-radius:8px}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f9fafb}
.msg{max-width:85%;padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere}
.msg p{margin:0}
.msg a{color:inherit;text-decoration:underline}
.bot{align-self:flex-start;background:#fff;border:1px solid #e5e7eb;border-bottom-left-radius:4px}
.agent{align-self:flex-start;background:#ecfdf5;border:1px solid #a7f3d0;border-bottom-left-radius:4px}
.who{display:flex;align-items:center;gap:6px;font-size:12px;margin-bottom:2px}
.who img{width:22px;height:22px;border-radius:50%;object-fit:cover}
.person{margin:0 10px 8px;align-self:flex-start;border:0;background:transparent;color:var(--c);text-decoration:underline;font-size:13px;padding:4px 2px}
.user{align-self:flex-end;background:var(--c);color:#fff;border-bottom-right-radius:4px}
.state{display:block;font-size:11px;opacity:.85;margin-top:2px}
.user.failed{background:#b91c1c}
.typing{align-self:flex-start;padding:6px 12px;display:flex;gap:4px;margin:0 12px 6px}
.typing[hidden]{display:none}
.typing i{width:7px;height:7px;border-radius:50%;background:#9ca3af;animation:b 1s infinite}
.typing i:nth-child(2){animation-delay:.15s}.typing i:nth-child(3){animation-delay:.3s}
@keyframes b{0%,80%,100%{opacity:.3}40%{opacity:1}}
@media (prefers-reduced-motion:reduce){.typing i{animation:none}}
.replies{display:flex;flex-wrap:wrap;gap:6px;padding:0 12px 8px;background:#f9fafb}
.replies:empty{display:none}
.replies button{border:1px solid var(--c);color:var(--c);background:#fff;border-radius:16px;padding:6px 12px;min-height:36px}
form{display:flex;gap:8px;padding:10px;border-top:1px solid #e5e7eb;background:#fff}
input{flex:1;min-width:0;font:inherit;padding:10px 12px;border:1px solid #d1d5db;border-radius:10px}
.send{border:0;border-radius:10px;background:var(--c);color:#fff;padding:0 14px;min-width:44px}
.notice{margin:0;padding:6px 12px;font-size:13px;background:#fef3c7;color:#78350f}
.notice:empty{display:none}
@media (max-width:480px){.lq:not(.inline) .panel{position:fixed;inset:0;width:100vw;height:100%;max-height:none;border-radius:0}.lq.open:not(.inline) .bubble{display:none}}
`;
