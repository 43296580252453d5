// gazette report: the review page's own script (allowed by its hash in the
// Content-Security-Policy; it loads nothing). It reads the page's data block,
// filters the documents by entity type, entity, language, status and path or
// title, renders one page of documents at a time (the same HTML gazette writes
// for the first page, from the compact data: `article`), lists the occurrences
// of the chosen entity (each linking to its place), and follows in-page links to
// documents that are on another page. Every text from articles goes through
// `esc` (the same five character references as gazette's escape) or
// textContent.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var data = JSON.parse($("gz-data").textContent);
  var E = data.entities, docs = data.docs;
  var st = { type: "", entity: -1, lang: "", status: "", q: "", page: 0, size: data.page_size };
  var list = docs, shownMentions = 0, entLimit = 100, occLimit = 200;
  var ranked = E.map(function (e, i) { return i; }).filter(function (i) { return E[i][3] > 0; });
  ranked.sort(function (a, b) { return E[b][3] - E[a][3] || (E[a][0] < E[b][0] ? -1 : 1); });

  var groups = {};
  docs.forEach(function (d, n) { if (d.g != null) (groups[d.g] = groups[d.g] || []).push(n); });

  // The article of a document, as gazette writes it for the first page
  // (document_head.html, versions.html, document_body.html).
  var ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }
  function plural(n, w) { return n + " " + w + (n === 1 ? "" : "s"); }
  function dirLang(d) { return d.lay ? (d.lay[1] ? ' dir="rtl"' : "") + ' lang="' + esc(d.lay[0]) + '"' : ""; }
  // A fact's subject or object: an entity's number (a link to its
  // occurrences), [id, name] of an entity the page did not know yet, or a value.
  function factEnd(v) {
    if (typeof v === "number") return '<a class="ent" href="#e-' + v + '" data-e="' + v + '"><bdi>' + esc(E[v][1]) + "</bdi></a>";
    return Array.isArray(v) ? "<bdi>" + esc(v[1]) + "</bdi>" : esc(v);
  }
  // The entities of a document with their mentions, most first.
  function entityCounts(d) {
    var n = {};
    d.m.forEach(function (m) { n[m[0]] = (n[m[0]] || 0) + 1; });
    return Object.keys(n).map(Number).map(function (e) { return [e, n[e]]; })
      .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }
  var SKIP = { "-1": ["code", "code: not searched"], "-2": ["url", "URL: not searched"], "-3": ["other", "not prose: not searched"] };
  function textHtml(d) {
    var x = d.x, marks = [], h = '<div class="text"' + (d.lay ? ' lang="' + esc(d.lay[0]) + '"' : "") + ">";
    d.m.forEach(function (m, k) { if (m[5] === 0) marks.push([m[6], m[7], k]); });
    var pieces = d.sp.concat(marks).sort(function (a, b) { return a[0] - b[0]; }), p = 0;
    d.b.forEach(function (b) {
      h += b[0] === 0 ? '<div class="b fm" dir="ltr">' : b[0] === 1 ? '<div class="b code" dir="ltr">' : '<div class="b p"' + dirLang(d) + ">";
      var at = b[1];
      while (p < pieces.length && pieces[p][0] < b[2]) {
        var q = pieces[p++], s = esc(x.slice(q[0], q[1]));
        h += esc(x.slice(at, q[0]));
        if (q[2] >= 0) {
          var m = d.m[q[2]], e = E[m[0]];
          h += '<mark class="m-' + esc(e[2]) + '" id="m-' + d.i + "-" + q[2] + '" data-e="' + m[0] + '" title="' +
            esc(e[1]) + " (" + esc(e[0]) + ")" + (m[4] ? ", variant" : "") + '">' + s + "</mark>";
        } else if (q[2] === -4) {
          h += '<span class="title">' + s + "</span>";
        } else {
          h += '<span class="skip ' + SKIP[q[2]][0] + '" dir="ltr" title="' + SKIP[q[2]][1] + '">' + s + "</span>";
        }
        at = q[1];
      }
      h += esc(x.slice(at, b[2])) + "</div>";
    });
    return h + "</div>";
  }
  function versionsHtml(d) {
    var members = d.g != null ? groups[d.g] : null;
    if (!members || members.length < 2) return "";
    var own = {}, missing = {}, others = [];
    d.m.forEach(function (m) { own[m[0]] = 1; });
    members.forEach(function (n) {
      var o = docs[n];
      if (o === d) return;
      var lang = o.l == null ? "?" : o.l;
      others.push('<a href="#doc-' + o.i + '"><b>' + esc(lang) + "</b> #" + o.i + ' <bdi class="path">' + esc(o.p) + "</bdi></a>");
      o.m.forEach(function (m) { if (!own[m[0]]) (missing[m[0]] = missing[m[0]] || {})[lang] = 1; });
    });
    var h = '<div class="versions"><p>Translation group <code>' + esc(d.g) + "</code>; other versions: " + others.join(", ") + "</p>";
    var keys = Object.keys(missing).map(Number).sort(function (a, b) { return a - b; });
    if (keys.length) {
      h += '<p class="missing">Mentioned in another version, not in this one:';
      keys.forEach(function (i) {
        var e = E[i];
        h += ' <a class="chip m-' + esc(e[2]) + '" href="#e-' + i + '" data-e="' + i + '" title="' + esc(e[0]) + '"><bdi>' +
          esc(e[1]) + "</bdi> (" + Object.keys(missing[i]).sort().map(esc).join(" ") + ")</a>";
      });
      h += "</p>";
    }
    return h + "</div>";
  }
  function article(d) {
    var h = '<article class="doc ' + d.s + '" id="doc-' + d.i + '"><h3><a class="id" href="#doc-' + d.i + '">#' + d.i +
      '</a> <bdi class="path">' + esc(d.p) + '</bdi></h3><dl class="docmeta">';
    if (d.t != null) h += "<dt>title</dt><dd><bdi" + dirLang(d) + ">" + esc(d.t) + "</bdi></dd>";
    h += "<dt>language</dt><dd>" + (d.det != null ? esc(d.det) + " (detected" + (d.conf != null ? ", confidence " + d.conf : "") + ")" : "not detected") +
      (d.dec != null ? "; declared " + esc(d.dec) : "") + "</dd>";
    if (d.enc) h += "<dt>encoding</dt><dd>" + esc(d.enc) + "</dd>";
    h += "<dt>size</dt><dd>" + d.by + " bytes, " + d.ch + " characters</dd><dt>status</dt><dd class=\"" + d.s + '">' + d.s +
      "</dd><dt>found</dt><dd>" + plural(d.m.length, "mention") + ", " + plural(d.nl, "link") + ", " + plural(d.f.length, "fact") + "</dd></dl>";
    h += versionsHtml(d);
    if (d.msg != null) h += '<p class="error">' + d.s + ": " + esc(d.msg) + "</p>";
    var es = entityCounts(d);
    if (es.length) {
      h += '<p class="chips">';
      es.forEach(function (c) {
        var e = E[c[0]];
        h += '<a class="chip m-' + esc(e[2]) + '" href="#e-' + c[0] + '" data-e="' + c[0] + '" title="' + esc(e[0]) +
          ': its occurrences"><bdi>' + esc(e[1]) + "</bdi> ×" + c[1] + "</a> ";
      });
      h += "</p>";
    }
    if (d.xn === 2) {
      h += textHtml(d);
      if (d.cut) h += '<p class="note cut">Text cut: the first ' + d.cut[0] + " of " + d.cut[1] + " bytes are shown; " + d.cut[2] + " of " +
        d.m.length + " mentions are beyond the cut and listed below.</p>";
      if (d.mis) h += '<p class="note cut">' + d.mis + " mentions could not be placed in the text (did the file change after it was read?); they are listed below.</p>";
    } else if (d.xn === 1) {
      h += '<p class="note cut">The text cannot be shown: ' + esc(d.xw) + ". The mentions are listed below.</p>";
    }
    var unplaced = [];
    d.m.forEach(function (m, k) { if (m[5] !== 0) unplaced.push(k); });
    if (unplaced.length) {
      var shown = d.xn === 2;
      h += '<table class="mentions"><caption>' + (shown ? "Mentions not marked in the text (" : "Mentions (") + unplaced.length +
        ")</caption><thead><tr><th>line:col</th><th>surface</th><th>entity</th><th>field</th>" + (shown ? "<th>why</th>" : "") + "</tr></thead><tbody>";
      unplaced.forEach(function (k) {
        var m = d.m[k], e = E[m[0]];
        h += '<tr id="m-' + d.i + "-" + k + '"><td>' + m[1] + ":" + m[2] + '</td><td><mark class="m-' + esc(e[2]) + '" data-e="' + m[0] +
          '" title="' + esc(e[1]) + " (" + esc(e[0]) + ')"><bdi>' + esc(m[8]) + "</bdi></mark></td><td><bdi>" + esc(e[1]) +
          "</bdi> <code>" + esc(e[0]) + "</code></td><td>" + esc(m[3]) + "</td>" +
          (shown ? "<td>" + (m[5] === 1 ? "beyond the cut" : "not at its offsets in the text") + "</td>" : "") + "</tr>";
      });
      h += "</tbody></table>";
    }
    if (d.f.length) {
      h += '<details class="facts"' + (d.f.length <= 30 ? " open" : "") + "><summary>Facts (" + d.f.length +
        ")</summary><table><thead><tr><th>subject</th><th>predicate</th><th>object</th><th>evidence</th><th>line</th><th>source</th><th>agrees</th></tr></thead><tbody>";
      d.f.forEach(function (f) {
        var ev = Array.isArray(f[3]) ? d.x.slice(f[3][0], f[3][1]) : f[3];
        h += "<tr><td>" + factEnd(f[0]) + "</td><td><code>" + esc(f[1]) + "</code></td><td>" + factEnd(f[2]) +
          '</td><td class="evidence"><bdi' + dirLang(d) + ">" + esc(ev) + '</bdi></td><td class="num">' + f[4] + "</td><td>" + esc(f[5]) +
          '</td><td class="agrees-' + esc(f[6]) + '">' + esc(f[6]) + "</td></tr>";
      });
      h += "</tbody></table></details>";
    }
    if (d.k.length) {
      h += '<details class="links"><summary>Links (' + d.nl + ")</summary><ol>";
      d.k.forEach(function (l) {
        h += "<li>" + (l[4] ? '<a href="' + esc(l[0]) + '" rel="noopener noreferrer nofollow"><bdi>' + esc(l[0]) + "</bdi></a>" :
          '<code class="url">' + esc(l[0]) + "</code>") + (l[1] ? " — <bdi" + dirLang(d) + ">" + esc(l[1]) + "</bdi>" : "") +
          ' <span class="kind">' + esc(l[2]) + ", line " + l[3] + "</span></li>";
      });
      h += "</ol>" + (d.nl > d.k.length ? '<p class="note cut">Only the first ' + d.k.length + " of " + d.nl + " links are listed.</p>" : "") + "</details>";
    }
    return h + "</article>";
  }

  function active(e) {
    return (!st.type || E[e][2] === st.type) && (st.entity < 0 || e === st.entity);
  }
  function filter() {
    var q = st.q.toLowerCase();
    shownMentions = 0;
    list = docs.filter(function (d) {
      if (st.lang && (d.l == null ? "unknown" : d.l) !== st.lang) return false;
      if (st.status && d.s !== st.status) return false;
      if (q && (d.p + "\n" + (d.t || "")).toLowerCase().indexOf(q) < 0) return false;
      var n = 0;
      for (var i = 0; i < d.m.length; i++) if (active(d.m[i][0])) n++;
      if ((st.type || st.entity >= 0) && n === 0) return false;
      shownMentions += n;
      return true;
    });
  }
  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text != null) x.textContent = text;
    return x;
  }
  function pages() { return Math.max(1, Math.ceil(list.length / st.size)); }

  // The first page as gazette wrote it stays until something else is asked for.
  var pristine = true;
  function renderDocs() {
    if (st.page >= pages()) st.page = pages() - 1;
    var from = st.page * st.size, to = Math.min(list.length, from + st.size), html = "";
    var box = $("docs");
    var first = list === docs && from === 0 && to === Math.min(docs.length, data.page_size);
    if (!(pristine && first)) {
      pristine = false;
      for (var i = from; i < to; i++) html += article(list[i]);
      box.innerHTML = html || '<p class="note">No document matches.</p>';
    }
    var marks = box.querySelectorAll("mark[data-e]");
    for (var j = 0; j < marks.length; j++) {
      marks[j].classList.toggle("off", !active(+marks[j].getAttribute("data-e")));
    }
    var filtered = st.type || st.entity >= 0 || st.lang || st.status || st.q;
    var what = filtered ? list.length + " of " + docs.length + " documents match" : "All " + docs.length + " documents";
    if (filtered) what += ", " + shownMentions + " mention" + (shownMentions === 1 ? "" : "s") + " highlighted";
    if (list.length) what += " · showing " + (from + 1) + "–" + to;
    $("shown").textContent = what;
    var navs = document.querySelectorAll(".pager");
    for (var k = 0; k < navs.length; k++) {
      navs[k].hidden = list.length <= st.size;
      navs[k].querySelector(".pos").textContent = "page " + (st.page + 1) + " of " + pages();
      navs[k].querySelector(".prev").disabled = st.page === 0;
      navs[k].querySelector(".next").disabled = st.page + 1 >= pages();
    }
  }

  function renderEntities() {
    var body = $("ent-rows");
    if (!body) return;
    var q = $("ent-q").value.trim().toLowerCase(), rows = [];
    for (var n = 0; n < ranked.length; n++) {
      var e = E[ranked[n]];
      if (st.type && e[2] !== st.type) continue;
      if (q && (e[1] + "\n" + e[0]).toLowerCase().indexOf(q) < 0) continue;
      rows.push(ranked[n]);
    }
    body.textContent = "";
    rows.slice(0, entLimit).forEach(function (i) {
      var e = E[i], tr = el("tr"), a = el("a", "chip m-" + e[2]);
      tr.id = "e-" + i;
      if (i === st.entity) tr.className = "flash";
      a.href = "#e-" + i;
      a.setAttribute("data-e", i);
      a.appendChild(el("bdi", "", e[1]));
      var td = el("td");
      td.appendChild(a);
      tr.appendChild(td);
      var id = el("td");
      id.appendChild(el("code", "", e[0]));
      tr.appendChild(id);
      tr.appendChild(el("td", "", e[2]));
      tr.appendChild(el("td", "num", String(e[3])));
      tr.appendChild(el("td", "num", String(e[4])));
      body.appendChild(tr);
    });
    $("ent-count").textContent = rows.length + " of " + ranked.length + " entities";
    $("ent-more").hidden = rows.length <= entLimit;
  }

  // Context of mention k of document d: the text around it in its block.
  function context(d, k) {
    var m = d.m[k];
    if (m[5] !== 0) return null;
    var from = 0, to = d.x.length;
    d.b.forEach(function (b) { if (b[1] <= m[6] && m[6] < b[2]) { from = b[1]; to = b[2]; } });
    var clean = function (s) { return s.replace(/\s+/g, " "); };
    return [clean(d.x.slice(Math.max(from, m[6] - 70), m[6])), d.x.slice(m[6], m[7]), clean(d.x.slice(m[7], Math.min(to, m[7] + 70)))];
  }

  function renderOcc() {
    var box = $("occ");
    if (st.entity < 0) { box.hidden = true; box.textContent = ""; return; }
    var e = E[st.entity], items = [], total = 0;
    list.forEach(function (d) {
      d.m.forEach(function (m, k) {
        if (m[0] !== st.entity) return;
        total++;
        if (items.length < occLimit) items.push([d, k, m[1]]);
      });
    });
    box.textContent = "";
    var h = el("h3");
    h.appendChild(el("bdi", "", e[1]));
    h.appendChild(document.createTextNode(" (" + e[0] + ", " + e[2] + "): " + total + " occurrence" + (total === 1 ? "" : "s") +
      (list.length < docs.length ? " in the matching documents" : "") + "; " + e[3] + " in all, in " + e[4] + " document" + (e[4] === 1 ? "" : "s")));
    box.appendChild(h);
    var ol = el("ol");
    items.forEach(function (it) {
      var d = it[0], li = el("li"), a = el("a");
      a.href = "#m-" + d.i + "-" + it[1];
      a.textContent = "#" + d.i + " " + d.p + ", line " + it[2];
      li.appendChild(a);
      var c = context(d, it[1]);
      if (c) {
        var q = el("bdi", "ctx");
        q.setAttribute("dir", "auto");
        q.appendChild(document.createTextNode(" …" + c[0]));
        q.appendChild(el("mark", "m-" + e[2], c[1]));
        q.appendChild(document.createTextNode(c[2] + "…"));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(q);
      }
      ol.appendChild(li);
    });
    box.appendChild(ol);
    if (total > items.length) {
      var more = el("button", "", "Show all " + total);
      more.type = "button";
      more.addEventListener("click", function () { occLimit = Infinity; renderOcc(); });
      box.appendChild(more);
    }
    box.hidden = false;
  }

  function syncControls() {
    var bs = document.querySelectorAll("#f-types button");
    for (var i = 0; i < bs.length; i++) bs[i].setAttribute("aria-pressed", String(bs[i].getAttribute("data-type") === st.type));
    $("f-lang").value = st.lang;
    $("f-status").value = st.status;
    $("f-q").value = st.q;
    $("f-entity").hidden = st.entity < 0;
    $("f-entity-name").textContent = st.entity < 0 ? "" : E[st.entity][1] + " (" + E[st.entity][0] + ")";
  }
  function update(keepPage) {
    if (!keepPage) st.page = 0;
    filter();
    syncControls();
    renderDocs();
    renderEntities();
    renderOcc();
  }
  function reset() {
    st.type = ""; st.entity = -1; st.lang = ""; st.status = ""; st.q = "";
  }
  function selectEntity(i) {
    if (!(i >= 0 && i < E.length)) return;
    st.entity = i;
    if (st.type && E[i][2] !== st.type) st.type = "";
    occLimit = 200;
    update();
  }
  function flash(x) {
    x.classList.add("flash");
    setTimeout(function () { x.classList.remove("flash"); }, 1600);
  }
  // Goes to `#doc-N`, `#m-N-K` (the page holding it) or `#e-N` (its occurrences).
  function go(hash) {
    var me = /^#e-(\d+)$/.exec(hash);
    if (me) {
      selectEntity(+me[1]);
      $("occ").scrollIntoView({ block: "start" });
      return true;
    }
    var m = /^#(?:doc|m)-(\d+)(?:-\d+)?$/.exec(hash);
    if (!m) return false;
    var id = +m[1], find = function () {
      for (var i = 0; i < list.length; i++) if (list[i].i === id) return i;
      return -1;
    };
    var at = find();
    if (at < 0) { reset(); filter(); at = find(); }
    if (at < 0) return false;
    st.page = Math.floor(at / st.size);
    update(true);
    var x = document.getElementById(hash.slice(1));
    if (x) {
      x.scrollIntoView({ block: "center" });
      flash(x);
    }
    return true;
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target instanceof Element ? ev.target : null;
    var a = t && t.closest("a[href^='#']");
    if (a && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey) {
      var h = a.getAttribute("href");
      if (/^#(doc|m|e)-/.test(h) && go(h)) {
        ev.preventDefault();
        history.pushState(null, "", h);
      }
      return;
    }
    var b = t && t.closest("button");
    if (!b) return;
    if (b.hasAttribute("data-type")) {
      st.type = b.getAttribute("data-type");
      if (st.entity >= 0 && st.type && E[st.entity][2] !== st.type) st.entity = -1;
      update();
    } else if (b.classList.contains("prev") || b.classList.contains("next")) {
      st.page += b.classList.contains("next") ? 1 : -1;
      update(true);
      $("filters").scrollIntoView({ block: "start" });
    } else if (b.id === "f-entity-clear") {
      st.entity = -1;
      update();
    } else if (b.id === "f-reset") {
      reset();
      update();
    } else if (b.id === "ent-more-btn") {
      entLimit += 500;
      renderEntities();
    }
  });
  window.addEventListener("popstate", function () { go(location.hash); });
  $("f-lang").addEventListener("change", function () { st.lang = this.value; update(); });
  $("f-status").addEventListener("change", function () { st.status = this.value; update(); });
  $("f-size").addEventListener("change", function () { st.size = +this.value || data.page_size; update(); });
  var timer = 0;
  $("f-q").addEventListener("input", function () {
    var v = this.value;
    clearTimeout(timer);
    timer = setTimeout(function () { st.q = v; update(); }, 150);
  });
  if ($("ent-q")) $("ent-q").addEventListener("input", function () { entLimit = 100; renderEntities(); });

  $("filters").hidden = false;
  if ($("ent-controls")) $("ent-controls").hidden = false;
  update();
  if (location.hash) go(location.hash);
  document.documentElement.setAttribute("data-ready", String(Math.round(performance.now())));
})();
