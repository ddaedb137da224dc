// QuarryCore
