-- sohoa catalog, schema 2: each document's searchable PDF (a derivative blob),
-- and the barcodes read on each page ("format<TAB>text<TAB>x,y,w,h" lines).
ALTER TABLE documents ADD COLUMN pdf_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN barcodes TEXT NOT NULL DEFAULT '';
