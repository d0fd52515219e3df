"""What a learner chose to do with their free text: the three choices, named once."""

#: Kept in the learner's own course record; nobody else reads it through the plugin.
PRIVATE = "private"
#: In the group's anonymous pool, shown from the next release on, without a name.
SHARED = "shared"
#: Kept in the learner's browser only; never sent to the server.
DEVICE = "device"

CHOICES = (PRIVATE, SHARED, DEVICE)
