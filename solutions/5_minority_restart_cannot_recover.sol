0 1: decided
0 1: decided
