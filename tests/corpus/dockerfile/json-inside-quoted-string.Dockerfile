FROM alpine
CMD '["echo", "x"]'
CMD "[\"echo\", \"y\"]"
