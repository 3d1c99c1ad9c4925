# syntax=docker/dockerfile:1
# a comment

# another
