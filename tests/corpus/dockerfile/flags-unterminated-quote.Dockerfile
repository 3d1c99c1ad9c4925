FROM alpine
COPY --from="abc x y
RUN --mount='type=cache echo
