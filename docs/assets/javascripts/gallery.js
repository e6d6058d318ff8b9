/* Tapping a photo (festival gallery, honour certificate) opens the large picture in a lightbox
 * instead of leaving the page; swipe for the next one. GLightbox is served by the site itself
 * (assets/vendor/glightbox/, no CDN: those are blocked or slow in mainland China). Without
 * JavaScript, or before it has loaded, the link simply opens the large JPEG.
 * Written for old in-app browsers too (WeChat): ES5, no NodeList.forEach.
 */
(function () {
  "use strict";

  var SELECTOR = ".sp-gallery a, .sp-photo a";
  // GLightbox's own markup, with Chinese names for screen readers and a name for the dialog.
  var LIGHTBOX_HTML =
    '<div id="glightbox-body" class="glightbox-container" tabindex="-1" role="dialog" aria-modal="true" aria-label="照片" aria-hidden="false">' +
    '<div class="gloader visible"></div><div class="goverlay"></div><div class="gcontainer">' +
    '<div id="glightbox-slider" class="gslider"></div>' +
    '<button class="gclose gbtn" aria-label="关闭" data-taborder="3">{closeSVG}</button>' +
    '<button class="gprev gbtn" aria-label="上一张" data-taborder="2">{prevSVG}</button>' +
    '<button class="gnext gbtn" aria-label="下一张" data-taborder="1">{nextSVG}</button>' +
    "</div></div>";
  var lightbox = null;

  // GLightbox inserts a description with innerHTML. Captions come from the school's data, so it
  // never gets their text: a description starting with "." is a selector, and it points at the
  // figcaption the build has already escaped. (moreLength: 0 below matters too: on phones GLightbox
  // would shorten the description through innerText and put the unescaped result back as HTML.)
  // The large picture's alt text is the thumbnail's.
  function describe(links) {
    for (var index = 0; index < links.length; index++) {
      var link = links[index];
      var figure = link.closest("figure");
      var caption = figure && figure.querySelector("figcaption");
      var image = link.querySelector("img");
      if (caption) {
        caption.classList.add("sp-caption-" + index);
        link.setAttribute("data-description", ".sp-caption-" + index);
      }
      if (image) {
        link.setAttribute("data-alt", image.alt);
      }
    }
  }

  function start() {
    if (lightbox) {  // Material's instant navigation: a new page replaced the old one
      lightbox.destroy();
      lightbox = null;
    }
    var links = document.querySelectorAll(SELECTOR);
    if (!links.length || typeof window.GLightbox !== "function") {
      return;
    }
    describe(links);
    lightbox = window.GLightbox({
      selector: SELECTOR,
      touchNavigation: true,
      loop: false,
      moreLength: 0,  // never shorten captions (see describe): they are one line anyway
      lightboxHTML: LIGHTBOX_HTML
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);  // Material: runs now, and again after each instant navigation
  } else {
    start();
  }
})();
