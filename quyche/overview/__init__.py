"""`quyche overview`: the state of many units' regulation repositories, for the upper level."""
