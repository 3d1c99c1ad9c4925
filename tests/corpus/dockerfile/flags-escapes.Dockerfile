FROM alpine
RUN --x=a\ b c
RUN --mount=type=bind,target=/a\,b true
COPY --chown="a\"b" x y
COPY --y='a\'b' x y
