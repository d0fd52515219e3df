"""What the two sexmot XBlocks share: anonymous storage, anonymity rules, sanitizing, OLX helpers and the preview."""
