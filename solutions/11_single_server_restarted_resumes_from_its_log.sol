0 0: before_the_crash
1 0: while_down
2 0: after_the_restart
