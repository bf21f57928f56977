0 0: before_the_crash
