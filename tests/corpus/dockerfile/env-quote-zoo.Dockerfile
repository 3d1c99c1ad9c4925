FROM alpine
ENV name='a\'b''
ENV name="a\"b"
ENV name="a\\" next=1
ENV mixed="a"'b'c
ENV q='single "double" inside'
ENV tail=abc\
