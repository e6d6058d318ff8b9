/* Material for MkDocs would load mermaid from a public CDN when a page has a
   diagram. That CDN is unreachable from mainland China, and this site never
   renders diagrams, so the URL points here instead: no request leaves the site. */
