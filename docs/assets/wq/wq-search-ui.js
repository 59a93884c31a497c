/* 维权手册 — search UI polish for Material's built-in search (which runs in this browser; no
 * query is sent anywhere). jieba's segmentation puts U+200B between words in the index (search
 * needs it): strip it from what the reader sees in the results. And give the search dialog an
 * accessible name. Needs wq-core.js (loaded first). */
(function () {
  "use strict";

  var wq = window.wq;

  function stripZeroWidth(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      if (node.nodeValue.indexOf("\u200b") !== -1) node.nodeValue = node.nodeValue.replace(/\u200b/g, "");
    }
  }

  wq.bind(".md-search", function (search) {
    if (!search.getAttribute("aria-label")) search.setAttribute("aria-label", "搜索本站");
  });

  wq.bind(".md-search-result__list", function (list) {
    new MutationObserver(function () { stripZeroWidth(list); }).observe(list, { childList: true, subtree: true });
  });
})();
