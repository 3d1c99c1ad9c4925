FROM alpine AS build
FROM alpine
COPY --fr\
om=build /src \
  /dst
RUN --mount=type=cache,\
target=/root/.cache true
