FROM alpine
ONBUILD COPY --from=build --chown=1:1 /a /b
ONBUILD RUN --mount=type=cache,target=/c make
ONBUILD --flag RUN x
