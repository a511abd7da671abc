// Being written: see the header.
