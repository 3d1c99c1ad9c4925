print('seed')
