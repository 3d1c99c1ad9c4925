FROM alpine
ONBUILD RUN echo hi
ONBUILD COPY . /
ONBUILD RUN ["a"]
onbuild add x y
ONBUILD
