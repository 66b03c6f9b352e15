// Praatplaat: small extras on top of pages that work without JavaScript.
(function () {
  "use strict";
  // "Lees voor": the phone's own speech, in the page language; hidden where there is no voice for it.
  var synth = window.speechSynthesis;
  var lang = document.documentElement.lang || "nl";
  function voiceFor(code) {
    var voices = synth ? synth.getVoices() : [];
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf(code) === 0) { return voices[i]; }
    }
    return null;
  }
  function setupSpeak() {
    var voice = synth && voiceFor(lang);
    document.querySelectorAll("[data-speak]").forEach(function (button) {
      if (!voice) { button.hidden = true; return; }
      button.hidden = false;
      button.onclick = function () {
        synth.cancel();
        var main = document.getElementById("main");
        var text = main ? main.innerText : document.body.innerText;
        var say = new SpeechSynthesisUtterance(text);
        say.lang = lang;
        say.voice = voice;
        synth.speak(say);
      };
    });
  }
  // A person's own words ([data-read-aloud], with the words' own lang): a small "Lees voor" button after each,
  // spoken with a voice for the words' language, not the page's. Only where the phone has such a voice; the
  // button (label and icon in the reader's language) comes from <template id="read-aloud"> in base.html.
  function primary(code) { return (code || "").toLowerCase().split(/[-_]/)[0]; }
  function voiceForWords(code) {
    var voices = synth ? synth.getVoices() : [];
    for (var i = 0; i < voices.length; i++) {
      if (primary(voices[i].lang) === code) { return voices[i]; }
    }
    return null;
  }
  function setupReadAloud() {
    var template = document.getElementById("read-aloud");
    if (!template || document.body.classList.contains("screen")) { return; }
    document.querySelectorAll("[data-read-aloud]").forEach(function (words) {
      var code = primary(words.getAttribute("lang"));
      var voice = code && voiceForWords(code);
      if (!voice || words.readAloudButton || words.closest("a, button")) { return; }
      var button = template.content.firstElementChild.cloneNode(true);
      button.addEventListener("click", function () {
        synth.cancel();
        var say = new SpeechSynthesisUtterance(words.textContent);
        say.lang = words.getAttribute("lang");
        say.voice = voiceForWords(code) || voice;
        synth.speak(say);
      });
      words.readAloudButton = button;
      // On its own line under the item (words, label, who wrote it), so a narrow phone keeps them together.
      var item = words.closest("li, p, dd") || words.parentNode;
      item.appendChild(button);
    });
  }
  if (synth) {
    setupSpeak();
    setupReadAloud();
    if ("onvoiceschanged" in synth) {
      synth.addEventListener("voiceschanged", setupSpeak);
      synth.addEventListener("voiceschanged", setupReadAloud);
    }
  }
  // Print buttons: only where JavaScript runs (otherwise the browser's own print menu works).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // Dates: a quick choice shows its day in the lists; changing a list chooses "Een andere datum" (and, for a
  // proposal, "Op een datum"). Without JavaScript the server reads the same choices.
  document.querySelectorAll(".day-picker").forEach(function (picker) {
    var other = picker.querySelector("input[type=radio][value=date]");
    var also = document.getElementById(picker.getAttribute("data-check") || "");
    var lists = picker.querySelectorAll("select");
    lists.forEach(function (list) {
      list.addEventListener("change", function () {
        if (other) { other.checked = true; }
        if (also) { also.checked = true; }
      });
    });
    picker.querySelectorAll("input[data-day]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        var ymd = radio.getAttribute("data-day").split("-");
        var by = { year: String(+ymd[0]), month: String(+ymd[1]), day: String(+ymd[2]) };
        lists.forEach(function (list) { list.value = by[list.name.split("-").pop()]; });
        if (also) { also.checked = true; }
      });
    });
  });
  // The version of the page, as the poll knows it ("v12"); after one's own vote it is one higher.
  var etag = document.body.getAttribute("data-live-etag");
  var number = function (tag) { var m = /^"v(\d+)"$/.exec(tag || ""); return m ? Number(m[1]) : NaN; };
  // A vote on the merged view is sent without loading the page again: the page keeps its place and only that
  // proposal changes (participant/merged.py, vote_part). Anything unexpected: the form is sent as usual.
  function vote(form, button) {
    var body = new URLSearchParams(new FormData(form));
    body.append(button.name, button.value);
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", cache: "no-store",
                         headers: { "X-Praatplaat-Part": "proposal" } }).then(function (r) {
      if (r.status !== 200 || r.headers.get("X-Praatplaat-Part") !== "proposal") { throw new Error("page"); }
      var version = r.headers.get("X-Praatplaat-Version");
      var own = r.headers.get("X-Praatplaat-Own") === "1" ? 1 : 0;
      return r.text().then(function (html) {
        var box = document.createElement("div");
        box.innerHTML = html;
        var fresh = box.querySelector("article.proposal");
        if (!fresh) { throw new Error("part"); }
        form.closest("article").replaceWith(fresh);
        var again = fresh.querySelector("button[name='agree'][value='" + button.value + "']");
        if (again) { again.focus(); }
        if (etag && number(version) === number(etag) + own) { etag = version; }  // nobody else changed a thing
      });
    }).catch(function () {
      form.dataset.plain = "1";
      delete form.dataset.sent;
      if (form.requestSubmit) { form.requestSubmit(button); return; }
      var field = document.createElement("input");
      field.type = "hidden"; field.name = button.name; field.value = button.value;
      form.appendChild(field);
      form.submit();
    });
  }
  // A form is sent once, even when tapped twice on a slow connection.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    setTimeout(function () { delete form.dataset.sent; }, 4000);
    var button = event.submitter;
    if (form.classList.contains("vote") && !form.dataset.plain && button && button.name && window.fetch &&
        window.URLSearchParams) {
      event.preventDefault();
      vote(form, button);
    }
  });
  // Live pages poll a tiny state URL (304 while nothing changed). The shared screen reloads itself; on the
  // other pages a page never changes under someone's fingers: they get a "vernieuwen" link to tap.
  var live = document.body.getAttribute("data-live");
  if (live && window.fetch) {
    // The page carries the version it shows (etag, above), so the first poll can wait: a first visit stays at
    // 3 requests.
    var poll = function () {
      var headers = etag ? { "If-None-Match": etag } : {};
      fetch(live, { headers: headers, credentials: "same-origin", cache: "no-store" }).then(function (r) {
        if (r.status === 200) {
          var fresh = r.headers.get("ETag");
          if (etag && fresh !== etag) {
            if (document.body.hasAttribute("data-live-reload")) { location.reload(); return; }
            var note = document.querySelector(".live-note");
            // The note stays until it is tapped, so there is nothing more to ask: at a parent evening hundreds of
            // phones would otherwise go on asking every 2.5 s while their note already shows (issue 11).
            if (note) { note.hidden = false; clearInterval(timer); return; }
          }
          etag = fresh;
        }
      }).catch(function () { /* offline for a moment: try again next time */ });
    };
    var timer = setInterval(poll, 2500);
  }
})();
