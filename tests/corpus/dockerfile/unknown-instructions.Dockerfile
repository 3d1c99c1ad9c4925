FROM alpine
FOO bar baz
RUNN echo typo
COPPY a b
ENV A=1
