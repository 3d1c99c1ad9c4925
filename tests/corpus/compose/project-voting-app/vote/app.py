print('vote')
