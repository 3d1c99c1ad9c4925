# top

# block one
#
# block two
FROM alpine
    # indented
RUN true
#
