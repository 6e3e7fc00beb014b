"""ISO committee work programmes: dated snapshots of ISO Open Data, their diffs, and the
report's standards item."""
