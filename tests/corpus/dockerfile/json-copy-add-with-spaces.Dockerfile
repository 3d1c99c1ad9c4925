FROM alpine
COPY [ "test file", "/tmp" ]
ADD [ "vimrc", "/tmp" ]
COPY --chown=1:1 ["a b", "c d", "/e/"]
