"""维权手册's build code: the mkdocs-macros module (`module_name: macros` in mkdocs.yml), which calls
the three functions below; the MkDocs hooks are in ../hooks.py and call the jobs here. Browser-side
names keep the prefix "wq" (= 维权): wq-*.js, wq: storage keys, CSS classes.

Where each job lives:
  settings     switches from mkdocs.yml `extra: wq:`        state        one build's shared state
  models       typed data, references (refs), limits        kinds        data kinds, document kinds
  loader       read + validate data/ into a Catalog         render       Jinja -> HTML (View per page)
  letter_text  a letter's {field} placeholders              macros       the macros pages call
  page_rules   {{ }} rule (literal macro calls), 来源 section pages       generated pages + nav
  front_matter the front-matter allow-list (keys, types, rules)
  downloads    cached PDF/DOCX (pdf, docx_writer)           offline      the offline zip (own step)
  textfiles    no symlinks; UTF-8 pages and dictionaries    linkcheck    internal links and anchors
  htmlcheck    no script, URL or host that is not ours      readercheck  no research trail, listed hosts
  csp          the CSP, from the theme's template scripts   bundle       guarded patches of Material's JS
  tidy         what site/ leaves out (maps, lunr packs)     search_index the index as UTF-8
  postbuild    the post-build jobs in order; each page parsed once for the checks and the CSP
  docx_slim    unused styles/parts out of DOCX      docx_template  the browser letter .docx's template
  versions     pages address scripts/styles by content hash
  lawversion   a statute's version as a reader's sentence  versioncheck no version notes reach readers
  page_maps    a long page's map under its title: summary, 先做这几件事, sections
"""

from .macros import define_env, on_post_page_macros, on_pre_page_macros

__all__ = ["define_env", "on_post_page_macros", "on_pre_page_macros"]
