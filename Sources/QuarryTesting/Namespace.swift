// QuarryTesting
