/* 适老化 (MIIT 互联网网站适老化通用设计规范): a "大字" button in the header opens a small panel
 * with three text sizes (标准 / 大 / 特大: 1×, 1.25×, 1.5× the body text) and a high-contrast
 * switch (高对比度: white on black, yellow links), independent of each other and remembered in
 * localStorage across pages. The inline script in overrides/partials/schoolpub-textsize-head.html
 * applies the stored choice to <html> before first paint; this file only builds the control.
 * Needs neither Material's search nor the lightbox (gallery.js). ES5 for old in-app browsers.
 */
(function () {
  "use strict";

  var SIZE_KEY = "schoolpub.textsize";
  var CONTRAST_KEY = "schoolpub.contrast";
  var SIZES = [["normal", "标准"], ["large", "大"], ["xlarge", "特大"]];
  var root = document.documentElement;

  function remember(key, value) {
    try {
      if (value) {
        window.localStorage.setItem(key, value);
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (error) {
      // storage blocked (private mode, some WeChat versions): the choice lasts for this page only
    }
  }

  function hasClass(name) {
    return (" " + root.className + " ").indexOf(" " + name + " ") !== -1;
  }

  function setClass(name, on) {
    var classes = root.className.split(/\s+/).filter(function (item) { return item && item !== name; });
    if (on) {
      classes.push(name);
    }
    root.className = classes.join(" ");
  }

  function currentSize() {
    return hasClass("sp-text-xlarge") ? "xlarge" : hasClass("sp-text-large") ? "large" : "normal";
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    for (var name in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, name)) {
        node.setAttribute(name, attributes[name]);
      }
    }
    if (text) {
      node.appendChild(document.createTextNode(text));
    }
    return node;
  }

  function build() {
    if (document.getElementById("sp-textsize-panel")) {
      return;
    }
    var wrapper = element("div", {"class": "sp-textsize"});
    var toggle = element("button", {"type": "button", "class": "sp-textsize__toggle",
                                    "aria-expanded": "false", "aria-controls": "sp-textsize-panel"}, "大字");
    var panel = element("div", {"class": "sp-textsize__panel", "id": "sp-textsize-panel",
                                "role": "group", "aria-label": "字号和对比度"});
    panel.hidden = true;
    panel.appendChild(element("p", {"class": "sp-textsize__label", "id": "sp-textsize-label"}, "文字大小"));
    var steps = element("div", {"class": "sp-textsize__steps", "role": "group", "aria-labelledby": "sp-textsize-label"});
    var sizeButtons = [];
    for (var index = 0; index < SIZES.length; index++) {
      var button = element("button", {"type": "button", "class": "sp-textsize__option",
                                      "data-size": SIZES[index][0], "aria-pressed": "false"}, SIZES[index][1]);
      sizeButtons.push(button);
      steps.appendChild(button);
    }
    panel.appendChild(steps);
    var contrast = element("button", {"type": "button", "class": "sp-textsize__option sp-textsize__contrast",
                                      "aria-pressed": "false"}, "高对比度");
    panel.appendChild(contrast);
    var close = element("button", {"type": "button", "class": "sp-textsize__close"}, "关闭");
    panel.appendChild(close);
    wrapper.appendChild(toggle);
    wrapper.appendChild(panel);

    function show() {
      var size = currentSize();
      for (var i = 0; i < sizeButtons.length; i++) {
        sizeButtons[i].setAttribute("aria-pressed", String(sizeButtons[i].getAttribute("data-size") === size));
      }
      contrast.setAttribute("aria-pressed", String(hasClass("sp-contrast")));
    }

    function open(state) {
      panel.hidden = !state;
      toggle.setAttribute("aria-expanded", String(state));
    }

    steps.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target.closest("[data-size]") : event.target;
      if (!target || !target.getAttribute("data-size")) {
        return;
      }
      var size = target.getAttribute("data-size");
      setClass("sp-text-large", size === "large");
      setClass("sp-text-xlarge", size === "xlarge");
      remember(SIZE_KEY, size === "normal" ? null : size);
      show();
    });
    contrast.addEventListener("click", function () {
      var on = !hasClass("sp-contrast");
      setClass("sp-contrast", on);
      remember(CONTRAST_KEY, on ? "high" : null);
      show();
    });
    toggle.addEventListener("click", function () {
      open(panel.hidden);
    });
    close.addEventListener("click", function () {
      open(false);
      toggle.focus();
    });
    wrapper.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && !panel.hidden) {
        open(false);
        toggle.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!panel.hidden && !wrapper.contains(event.target)) {
        open(false);
      }
    });

    // In Material's header, before the search button; without search, at the end of the header.
    var header = document.querySelector(".md-header__inner");
    var search = header && header.querySelector('label[for="__search"], .md-search, .md-header__source');
    if (search) {
      header.insertBefore(wrapper, search);
    } else if (header) {
      header.appendChild(wrapper);
    } else {
      wrapper.className += " sp-textsize--floating";  // a theme without Material's header
      document.body.insertBefore(wrapper, document.body.firstChild);
    }
    show();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", build);
  } else {
    build();
  }
  // Material's instant loading (navigation.instant) swaps the page but keeps <html> and the
  // header: the classes survive; rebuild only if the header was replaced.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(build);
  }
}());
