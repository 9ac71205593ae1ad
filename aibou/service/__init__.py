"""The rotation service: the steps every door (CLI, scheduler, side panel) calls."""
