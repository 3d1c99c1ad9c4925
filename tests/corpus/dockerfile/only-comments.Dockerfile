# a
# b

