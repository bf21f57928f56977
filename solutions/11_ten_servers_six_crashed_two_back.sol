0 0: ten_up
1 1: four_of_ten_up
2 0: six_of_ten_up
0 0: ten_up
1 1: four_of_ten_up
2 0: six_of_ten_up
