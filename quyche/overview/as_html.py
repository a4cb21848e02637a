"""The overview as one static HTML page: no network, no CDN, CSS and script inline.

Rows are written here (escaped); the script only sorts (click a column head) and filters (level,
flag, free text). The state is also read from the address's `#` part — `#sort=days&desc=1&
level=chi-bo&flag=stalled` — so a link can be shared; `click=days,days` clicks column heads,
which is how the browser test drives the real click handler.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from quyche.overview.assess import FLAG_LABELS

TITLE = "Báo cáo tình hình sửa đổi, bổ sung quy chế làm việc của các cấp ủy trực thuộc"

_CSS = """
body{font-family:"Times New Roman",Times,serif;margin:1.5em;color:#111}
h1{font-size:1.3em;text-align:center;text-transform:uppercase}
.meta{text-align:center;font-style:italic;margin-bottom:1em}
.filters{margin:.5em 0 1em;display:flex;gap:1em;flex-wrap:wrap}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border:1px solid #999;padding:.25em .4em;vertical-align:top}
th{background:#eee;cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
tr.bad td{background:#fde8e8}tr.warn td{background:#fff6dd}
.flag{display:inline-block;border:1px solid #a33;border-radius:3px;padding:0 .3em;margin:1px;font-size:.85em}
.num{text-align:right}
"""

_JS = """
(function(){
  var table=document.getElementById('units'), body=table.tBodies[0];
  var heads=table.tHead.rows[0].cells, lev=document.getElementById('f-level'),
      flg=document.getElementById('f-flag'), txt=document.getElementById('f-text');
  var state={sort:'',desc:false};
  function key(row,col){var c=row.querySelector('[data-col="'+col+'"]');return c?c.getAttribute('data-key'):'';}
  function sortBy(col,desc){
    var num=table.querySelector('th[data-col="'+col+'"]').getAttribute('data-type')==='num';
    var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){
      var x=key(a,col),y=key(b,col),r;
      if(num){x=x===''?-Infinity:parseFloat(x);y=y===''?-Infinity:parseFloat(y);r=x-y;}
      else{r=x.localeCompare(y,'vi');}
      return desc?-r:r;});
    rows.forEach(function(r){body.appendChild(r);});
    for(var i=0;i<heads.length;i++){heads[i].removeAttribute('aria-sort');}
    table.querySelector('th[data-col="'+col+'"]').setAttribute('aria-sort',desc?'descending':'ascending');
    state.sort=col;state.desc=desc;
  }
  function filter(){
    var l=lev.value,f=flg.value,t=txt.value.toLowerCase(),shown=0;
    Array.prototype.forEach.call(body.rows,function(r){
      var ok=(!l||r.getAttribute('data-level')===l)&&(!f||(' '+r.getAttribute('data-flags')+' ').indexOf(' '+f+' ')>=0||(f==='ok'&&!r.getAttribute('data-flags')))
        &&(!t||r.textContent.toLowerCase().indexOf(t)>=0);
      r.hidden=!ok;if(ok){shown++;}});
    document.getElementById('shown').textContent=shown;
  }
  for(var i=0;i<heads.length;i++){(function(th){th.addEventListener('click',function(){
    var col=th.getAttribute('data-col');sortBy(col,state.sort===col?!state.desc:false);});})(heads[i]);}
  [lev,flg].forEach(function(e){e.addEventListener('change',filter);});
  txt.addEventListener('input',filter);
  var h={};location.hash.replace(/^#/,'').split('&').forEach(function(p){
    var kv=p.split('=');if(kv[0]){h[decodeURIComponent(kv[0])]=decodeURIComponent(kv[1]||'');}});
  if(h.level!==undefined){lev.value=h.level;}
  if(h.flag!==undefined){flg.value=h.flag;}
  if(h.sort){sortBy(h.sort,h.desc==='1');}
  if(h.click){h.click.split(',').forEach(function(c){table.querySelector('th[data-col="'+c+'"]').click();});}
  filter();
  document.body.setAttribute('data-ready','1');
})();
"""

_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("name", "Đơn vị", "text"), ("level", "Cấp", "text"), ("number", "Số, ngày văn bản", "text"),
    ("template", "Mẫu (phiên bản / mới nhất)", "text"), ("errors", "Lỗi", "num"), ("warnings", "Cảnh báo", "num"),
    ("round", "Vòng sửa đổi, bước hiện tại", "text"), ("days", "Số ngày từ bước cuối", "num"),
    ("issued", "Ban hành gần nhất", "text"), ("verify", "Kiểm tra lịch sử", "text"), ("flags", "Cần chú ý", "text"),
)


def _cell(col: str, text: str, key: Any = None, cls: str = "") -> str:
    k = text if key is None else ("" if key == "" else str(key))
    c = f' class="{cls}"' if cls else ""
    return f'<td data-col="{col}" data-key="{escape(k)}"{c}>{escape(text)}</td>'


def _row(u: Mapping[str, Any]) -> str:
    reg, tpl, rnd, iss, ver = u["regulation"], u["template"], u["round"], u["issued"], u["verify"]
    flags = u["flags"]
    number = " ".join(x for x in (reg["number"] or "", reg["date"] or "") if x) or "—"
    template = f"{tpl['name'] or '—'} {tpl['version'] or 'không rõ'} / {tpl['newest']}" if tpl["name"] else "—"
    if rnd["id"]:
        state = "đang mở" if rnd["open"] else "đã xong"
        round_text = f"{rnd['id']} ({state}): {rnd['step'] or '—'} {rnd['last_step_date'] or ''}".strip()
    else:
        round_text = "chưa có"
    issued = " ".join(x for x in (iss["tag"] or "", iss["date"] or "") if x) or "—"
    if ver["ok"] is None:
        verify = "—"
    else:
        verify = "hợp lệ" if ver["ok"] else "không hợp lệ: " + ", ".join(ver["violations"])
    flag_html = "".join(f'<span class="flag" data-flag="{escape(f)}">{escape(FLAG_LABELS[f])}</span>' for f in flags)
    if u["problem"]:
        flag_html += f'<div class="problem">{escape(u["problem"])}</div>'
    severe = {"unreachable", "unreadable", "verify-failed", "check-errors", "stalled"}
    cls = "bad" if severe.intersection(flags) else ("warn" if flags else "")
    days = rnd["days_since"]
    cells = [
        _cell("name", u["name"]), _cell("level", u["level"]), _cell("number", number),
        _cell("template", template), _cell("errors", str(u["findings"]["error"]), cls="num"),
        _cell("warnings", str(u["findings"]["warning"]), cls="num"), _cell("round", round_text),
        _cell("days", "" if days is None else str(days), "" if days is None else days, "num"),
        _cell("issued", issued), _cell("verify", verify),
        f'<td data-col="flags" data-key="{len(flags)}">{flag_html}</td>',
    ]
    return (f'<tr data-level="{escape(u["level"])}" data-flags="{escape(" ".join(flags))}"'
            f'{f" class={chr(34)}{cls}{chr(34)}" if cls else ""}>' + "".join(cells) + "</tr>")


def to_html(data: Mapping[str, Any]) -> str:
    """The whole page."""
    units: Sequence[Mapping[str, Any]] = data["units"]
    levels = sorted({u["level"] for u in units})
    level_opts = "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in levels)
    flag_opts = '<option value="ok">Không có gì cần chú ý</option>' + "".join(
        f'<option value="{escape(k)}">{escape(v)} ({data["summary"][k]})</option>' for k, v in FLAG_LABELS.items())
    heads = "".join(f'<th data-col="{c}" data-type="{t}" scope="col">{escape(label)}</th>' for c, label, t in _COLUMNS)
    opts = data["options"]
    meta = f"Lập ngày {data['generated']}; {len(units)} đơn vị"
    if opts["since"]:
        meta += f"; mốc sửa đổi {opts['since']}"
    meta += f"; vòng sửa đổi coi là chậm khi quá {opts['stalled_days']} ngày không có bước mới."
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{escape(TITLE)}</title><style>{_CSS}</style></head>
<body>
<h1>{escape(TITLE)}</h1>
<p class="meta">{escape(meta)}</p>
<div class="filters">
<label>Cấp: <select id="f-level"><option value="">Tất cả</option>{level_opts}</select></label>
<label>Tình trạng: <select id="f-flag"><option value="">Tất cả</option>{flag_opts}</select></label>
<label>Tìm: <input id="f-text" type="search"></label>
<span>Đang hiện <b id="shown">{len(units)}</b>/{len(units)} đơn vị</span>
</div>
<table id="units"><thead><tr>{heads}</tr></thead>
<tbody>
{chr(10).join(_row(u) for u in units)}
</tbody></table>
<script>{_JS}</script>
</body></html>
"""
