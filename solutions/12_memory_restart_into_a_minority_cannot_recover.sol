0 0: decided_before
0 0: decided_before
