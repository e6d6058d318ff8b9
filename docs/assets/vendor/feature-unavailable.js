/* A theme feature this site never uses (runnable code blocks, video slides) would load its
   library from a public CDN that is unreachable from mainland China; `schoolpub finish`
   (src/schoolpub/output/offline.py) points such URLs here instead: no request leaves the site. */
