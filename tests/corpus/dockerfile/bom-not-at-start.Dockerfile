FROM alpine
﻿RUN echo x
ENV A=﻿
