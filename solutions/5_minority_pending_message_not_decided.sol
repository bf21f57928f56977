0 0: decided
0 0: decided
