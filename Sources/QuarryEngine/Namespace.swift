// QuarryEngine
