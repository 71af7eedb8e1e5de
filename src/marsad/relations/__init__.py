"""Relations stage: actor–actor relations (hostile, ally, member_of, leads, linked,
formerly_member_of) and territorial claims, from text patterns and coded events."""
