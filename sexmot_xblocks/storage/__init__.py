"""The anonymous storage: the package's Django app (label ``sexmot_xblocks``), its models, migrations and commands.

Everything outside this app imports ``sexmot_xblocks.storage.api`` only: the one door that owns every
write, group sessions included, and names what others may ask of the storage (``.importlinter``).
"""
