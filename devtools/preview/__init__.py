"""A local preview of the sexmot XBlocks in the XBlock SDK workbench, and the test runtime."""
