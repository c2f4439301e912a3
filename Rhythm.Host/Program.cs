Console.WriteLine("rhythm");
