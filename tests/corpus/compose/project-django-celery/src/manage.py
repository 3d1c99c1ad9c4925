#!/usr/bin/env python
print('manage')
