"""The rater groups of a 360° survey, a base constant every layer may use.

Kept apart from ``frames`` (which needs numpy and pandas) so that the rater app's kernel, which
only shows and saves forms, imports neither.
"""

RELATIONSHIPS = ("self", "supervisor", "peer", "subordinate", "stakeholder")
#: "stakeholder" is a person outside the roster (pemangku kepentingan) with a link of their own
