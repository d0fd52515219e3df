"""The optional "about your work" step: one learner's target group and county, counted anonymously for the
reach report."""
